package dev.whatmoved.kit.text;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string (null allowed) without control characters, by the rule of {@link ControlCharacters}: a label refuses all of
 * them; with {@code freeText = true}, tab, line feed and carriage return are allowed.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoControlCharacters.Check.class)
public @interface NoControlCharacters {

    /** Free text (a title, description, reason): tab, LF and CR are allowed. */
    boolean freeText() default false;

    String message() default ControlCharacters.LABEL_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<NoControlCharacters, CharSequence> {
        private boolean freeText;

        @Override
        public void initialize(NoControlCharacters rule) {
            freeText = rule.freeText();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            String violation = ControlCharacters.violation(value, freeText);
            if (violation == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(violation).addConstraintViolation();
            return false;
        }
    }
}
