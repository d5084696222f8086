package dev.whatmoved.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/** Adds points up per UTC day, so a batch touches each day's bucket once. */
public final class DailyTotals {

    /** Sum and count of the points of one day. */
    public record Total(double sum, long count) {}

    private final Map<LocalDate, Total> byDay = new TreeMap<>();

    public DailyTotals add(Instant timestamp, double value) {
        byDay.merge(
                LocalDate.ofInstant(timestamp, ZoneOffset.UTC),
                new Total(value, 1),
                (a, b) -> new Total(a.sum() + b.sum(), a.count() + b.count()));
        return this;
    }

    /** Days in ascending order with their totals. */
    public Map<LocalDate, Total> byDay() {
        return byDay;
    }
}
