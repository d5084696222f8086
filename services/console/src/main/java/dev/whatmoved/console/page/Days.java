package dev.whatmoved.console.page;

import dev.whatmoved.console.client.MetricSeries;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A metric's daily values lined up on consecutive days, a missing day as null. */
record Days(List<LocalDate> days, List<Double> values) {

    /** The buckets of a metrics series answer, on every day from {@code first} to {@code last} (inclusive). */
    static Days of(MetricSeries series, LocalDate first, LocalDate last) {
        Map<LocalDate, Double> byDay = new LinkedHashMap<>();
        for (MetricSeries.Bucket bucket : series.buckets()) {
            if (bucket.value() != null) {
                LocalDate day = LocalDate.ofInstant(Instant.parse(bucket.start()), ZoneOffset.UTC);
                byDay.put(day, bucket.value());
            }
        }
        List<LocalDate> days = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(day);
            values.add(byDay.get(day));
        }
        return new Days(days, values);
    }

    int indexOf(LocalDate day) {
        return days.indexOf(day);
    }

    static LocalDate dayOf(String instant) {
        return LocalDate.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }
}
