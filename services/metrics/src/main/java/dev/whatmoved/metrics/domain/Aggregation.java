package dev.whatmoved.metrics.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How a metric's points add up to the value of a bucket. */
public enum Aggregation {
    /** The sum of the values (revenue, signups). */
    SUM,
    /** The number of points (events). */
    COUNT,
    /** The mean of the values (latency, basket size): sum / count. */
    MEAN,
    /** The ratio of sums (conversion): each point carries a numerator and a denominator. */
    RATIO,
    /** The value of the latest point (a gauge: active users, queue depth). */
    LAST;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The aggregation named {@code id}, or null. */
    @JsonCreator
    public static Aggregation of(String id) {
        return Arrays.stream(values())
                .filter(a -> a.id().equals(id))
                .findFirst()
                .orElse(null);
    }
}
