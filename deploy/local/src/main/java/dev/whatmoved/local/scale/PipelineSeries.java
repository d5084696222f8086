package dev.whatmoved.local.scale;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pipeline bench's product metrics: hourly counts per dimension combination (country × plan, 5 × 2 = 10) with what
 * real ones have: a level of its own per metric, a daily and a weekly cycle, growth over the year, noise, and a step
 * after each release that truly moves the metric. Deterministic per metric (its own seed), so a run can be repeated.
 */
final class PipelineSeries {

    static final String[] COUNTRIES = {"de", "fr", "us", "gb", "es"};
    static final String[] PLANS = {"free", "pro"};
    static final int COMBINATIONS = COUNTRIES.length * PLANS.length;

    /** A release's true effect on the metric from {@code from} on: the series is multiplied by {@code 1 + lift}. */
    record Step(Instant from, double lift) {}

    private final double level;
    private final double growthPerYear;
    private final double noise;
    private final double[] shares = new double[COMBINATIONS];
    private final List<Step> steps;
    private final Random random;

    PipelineSeries(int index, List<Step> steps) {
        this.random = new Random(31L * index + 7);
        this.level = 20 + random.nextDouble() * 400; // per combination and hour
        this.growthPerYear = -0.1 + random.nextDouble() * 0.5;
        this.noise = 0.03 + random.nextDouble() * 0.07;
        double total = 0;
        for (int c = 0; c < COMBINATIONS; c++) {
            shares[c] = 0.5 + random.nextDouble();
            total += shares[c];
        }
        for (int c = 0; c < COMBINATIONS; c++) {
            shares[c] = shares[c] * COMBINATIONS / total;
        }
        this.steps = new ArrayList<>(steps);
        this.steps.sort((a, b) -> a.from().compareTo(b.from()));
    }

    /**
     * The history from {@code from} (inclusive) to {@code to} (exclusive), both whole hours, as the CSV the history
     * import takes: {@code timestamp,value,country,plan}, one row per combination and hour.
     */
    byte[] csv(Instant from, Instant to, Instant yearStart) {
        long hours = ChronoUnit.HOURS.between(from, to);
        StringBuilder out = new StringBuilder((int) (hours * COMBINATIONS * 34 + 64));
        out.append("timestamp,value,country,plan\n");
        for (long h = 0; h < hours; h++) {
            Instant at = from.plus(h, ChronoUnit.HOURS);
            String stamp = at.toString();
            double expected = expected(at, yearStart);
            for (int c = 0; c < COMBINATIONS; c++) {
                out.append(stamp).append(',').append(value(expected, c)).append(',');
                out.append(COUNTRIES[c / PLANS.length])
                        .append(',')
                        .append(PLANS[c % PLANS.length])
                        .append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Live points at {@code at}, one per combination, as the JSON array a {@code whatmoved.metric-points} record holds.
     */
    byte[] livePoints(Instant at, Instant yearStart) {
        double expected = expected(at.truncatedTo(ChronoUnit.HOURS), yearStart) / 10; // ten points an hour
        StringBuilder out = new StringBuilder(COMBINATIONS * 96).append('[');
        for (int c = 0; c < COMBINATIONS; c++) {
            if (c > 0) {
                out.append(',');
            }
            out.append("{\"timestamp\":\"").append(at).append("\",\"value\":").append(value(expected, c));
            out.append(",\"dimensions\":{\"country\":\"").append(COUNTRIES[c / PLANS.length]);
            out.append("\",\"plan\":\"").append(PLANS[c % PLANS.length]).append("\"}}");
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The mean per combination of share 1 at {@code at}. */
    private double expected(Instant at, Instant yearStart) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        double daily = 1 + 0.45 * Math.sin((t.getHour() - 9) * Math.PI / 12);
        DayOfWeek day = t.getDayOfWeek();
        double weekly = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? 0.75 : 1.05;
        double years = ChronoUnit.HOURS.between(yearStart, at) / 8766.0;
        double value = level * daily * weekly * (1 + growthPerYear * years);
        for (Step step : steps) {
            if (step.from().isAfter(at)) {
                break;
            }
            value *= 1 + step.lift();
        }
        return value;
    }

    private long value(double expected, int combination) {
        double mean = expected * shares[combination];
        return Math.max(0, Math.round(mean * (1 + noise * random.nextGaussian())));
    }
}
