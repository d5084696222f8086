package dev.whatmoved.attribution.service;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which components of a record a builder has set so far, for the builders that fill a long record by name
 * ({@link OutcomeMeasuredBuilder}, {@link GuardrailBreachBuilder}): every component must be set (to null, where null is
 * meant) before the record is built, and the error names each one left unset.
 */
final class RequiredFields {

    private final String type;
    private final List<String> components;
    private final Set<String> unset;

    /** Tracks every component of {@code type}, in declaration order. */
    RequiredFields(Class<? extends Record> type) {
        this.type = type.getSimpleName();
        this.components = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        this.unset = new LinkedHashSet<>(components);
    }

    /** Marks {@code component} as set and hands back {@code value}, for {@code this.x = fields.set("x", x)}. */
    <T> T set(String component, T value) {
        if (!components.contains(component)) {
            throw new IllegalArgumentException(type + " has no component " + component);
        }
        unset.remove(component);
        return value;
    }

    /** Throws, naming every component not set yet, unless all were set. */
    void requireAllSet() {
        if (!unset.isEmpty()) {
            throw new IllegalStateException(type + " without " + unset);
        }
    }
}
