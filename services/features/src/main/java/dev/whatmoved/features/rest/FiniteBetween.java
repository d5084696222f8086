package dev.whatmoved.features.rest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A number (null allowed) that is finite and within {@code [min, max]}: {@code 1e400} (read as infinity),
 * {@code "Infinity"} and {@code "NaN"} are refused, which {@code @PositiveOrZero} lets through. The bounds are the
 * event schema's ({@code docs/events/feature.committed.v1.schema.json}).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = FiniteBetween.Check.class)
public @interface FiniteBetween {

    long min();

    long max();

    String message() default "must be a finite number from {min} to {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<FiniteBetween, Double> {
        private double min;
        private double max;

        @Override
        public void initialize(FiniteBetween bounds) {
            min = bounds.min();
            max = bounds.max();
        }

        @Override
        public boolean isValid(Double value, ConstraintValidatorContext context) {
            return value == null || (Double.isFinite(value) && value >= min && value <= max);
        }
    }
}
