package dev.whatmoved.metrics.rest.text;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Locale;

/** Checks {@link PlainText}: names the first control character found, and what the field takes. */
public class PlainTextValidator implements ConstraintValidator<PlainText, String> {

    private PlainText.Kind kind;

    @Override
    public void initialize(PlainText annotation) {
        kind = annotation.value();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        int found = firstRefused(value, kind);
        if (found < 0) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message(found, kind)).addConstraintViolation();
        return false;
    }

    /** The first code point of {@code text} that {@code kind} refuses, or -1 (also for null). */
    public static int firstRefused(String text, PlainText.Kind kind) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (refused(c, kind)) {
                return c;
            }
        }
        return -1;
    }

    static boolean refused(char c, PlainText.Kind kind) {
        boolean control = c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029;
        if (!control) {
            return false;
        }
        return kind == PlainText.Kind.LABEL || !(c == '\t' || c == '\n' || c == '\r');
    }

    static String message(int found, PlainText.Kind kind) {
        // no braces or dollar signs: the text is a message template
        return String.format(Locale.ROOT, "holds the control character U+%04X; ", found)
                + (kind == PlainText.Kind.LABEL
                        ? "a name or unit takes none (U+0000 to U+001F, U+007F, U+2028, U+2029)"
                        : "free text takes tab, line feed and carriage return, no other (U+0000 to U+001F, U+007F,"
                                + " U+2028, U+2029)");
    }
}
