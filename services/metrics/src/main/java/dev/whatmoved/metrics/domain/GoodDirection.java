package dev.whatmoved.metrics.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Which way a metric should move for the product to be better. */
public enum GoodDirection {
    UP,
    DOWN;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction named {@code id}, or null. */
    @JsonCreator
    public static GoodDirection of(String id) {
        return Arrays.stream(values())
                .filter(d -> d.id().equals(id))
                .findFirst()
                .orElse(null);
    }
}
