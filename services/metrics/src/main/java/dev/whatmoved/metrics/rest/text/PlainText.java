package dev.whatmoved.metrics.rest.text;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A text field holds no control character (docs/security.md, "Input values: what is refused"): U+0000 to U+001F,
 * U+007F and the line and paragraph separators U+2028 and U+2029. A {@link Kind#LABEL} (a name, a unit: shown on one
 * line, compared, used in keys) refuses every one; {@link Kind#FREE_TEXT} (a description) takes tab, line feed and
 * carriage return. Null passes (required is another constraint).
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface PlainText {

    enum Kind {
        LABEL,
        FREE_TEXT
    }

    Kind value() default Kind.LABEL;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
