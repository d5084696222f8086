package dev.whatmoved.metrics.domain;

import java.util.Locale;

/** The length of a rollup bucket. */
public enum Granularity {
    HOUR,
    DAY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The granularity named {@code id}, or null. */
    public static Granularity of(String id) {
        return switch (id) {
            case "hour" -> HOUR;
            case "day" -> DAY;
            default -> null;
        };
    }
}
