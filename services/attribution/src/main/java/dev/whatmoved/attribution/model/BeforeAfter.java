package dev.whatmoved.attribution.model;

import java.time.LocalDate;
import java.util.Map;

/**
 * A plain before/after comparison of daily values around a release: the mean of the {@code baselineDays} full days
 * before the release day against the mean of the full days after it.
 *
 * <p>This is the labelled baseline of the foundation, not an honest counterfactual: it ignores trend, weekly
 * seasonality, controls and overlapping releases. The release day itself is left out of both windows because it is
 * partly before and partly after; so is the current day, which is not complete yet.
 */
public final class BeforeAfter {

    private final int baselineDays;

    public BeforeAfter(int baselineDays) {
        if (baselineDays < 1) {
            throw new IllegalArgumentException("baselineDays must be at least 1");
        }
        this.baselineDays = baselineDays;
    }

    public int baselineDays() {
        return baselineDays;
    }

    /** The days compared and their mean; {@code days} counts the days that had data. */
    public record Window(LocalDate from, LocalDate to, int days, Double mean) {}

    /**
     * @param status {@code measured}, {@code pending} (no full day after the release yet) or {@code insufficient-data}
     *     (no data in one of the windows)
     */
    public record Comparison(
            Window before, Window after, Double absoluteChange, Double relativeChange, String status) {}

    /**
     * @param releaseDay the UTC day of the release
     * @param today the current UTC day (excluded: incomplete)
     * @param daily the metric's value per UTC day; missing days are missing data, not zeros
     */
    public Comparison compare(LocalDate releaseDay, LocalDate today, Map<LocalDate, Double> daily) {
        LocalDate beforeFrom = releaseDay.minusDays(baselineDays);
        LocalDate beforeTo = releaseDay.minusDays(1);
        Window before = window(beforeFrom, beforeTo, daily);
        LocalDate afterFrom = releaseDay.plusDays(1);
        LocalDate afterTo = today.minusDays(1);
        if (afterTo.isBefore(afterFrom)) {
            return new Comparison(before, new Window(afterFrom, afterFrom, 0, null), null, null, "pending");
        }
        Window after = window(afterFrom, afterTo, daily);
        if (before.mean() == null || after.mean() == null) {
            return new Comparison(before, after, null, null, "insufficient-data");
        }
        double absolute = after.mean() - before.mean();
        Double relative = before.mean() == 0 ? null : absolute / Math.abs(before.mean());
        return new Comparison(before, after, absolute, relative, "measured");
    }

    private static Window window(LocalDate from, LocalDate to, Map<LocalDate, Double> daily) {
        int days = 0;
        double sum = 0;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Double value = daily.get(day);
            if (value != null) {
                days++;
                sum += value;
            }
        }
        return new Window(from, to, days, days == 0 ? null : sum / days);
    }
}
