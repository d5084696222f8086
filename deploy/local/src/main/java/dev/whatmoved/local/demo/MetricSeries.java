package dev.whatmoved.local.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A metric's daily totals over the scenario's days: level times trend times the weekly pattern times the true effects
 * of the releases deployed at the time, with autocorrelated noise (AR(1), as real metrics have), exported as one
 * point per day (a nightly export of the day's total). Deterministic: the same scenario gives the same points.
 */
public final class MetricSeries {

    /** Autocorrelation of the day-to-day noise. */
    static final double PHI = 0.5;

    /**
     * One exported point: the total of the day from {@code start} to {@code end} (the last millisecond of it, so that
     * an exporter stamping the end of its interval keeps the point in its day).
     */
    public record Point(Instant start, Instant end, double value) {

        /** The middle of the interval: the timestamp of a point on Kafka. */
        public Instant middle() {
            return start.plusMillis(ChronoUnit.MILLIS.between(start, end) / 2);
        }
    }

    private MetricSeries() {}

    /** The daily totals from {@code scenario.dataFrom()} to {@code scenario.dataTo()}. */
    public static double[] daily(Scenario scenario, Scenario.Metric metric) {
        int days = (int) ChronoUnit.DAYS.between(scenario.dataFrom(), scenario.dataTo()) + 1;
        // one stream per metric, so adding a metric does not change the others
        SplittableRandom random =
                new SplittableRandom(scenario.seed() ^ metric.key().hashCode());
        double[] values = new double[days];
        double noise = 0;
        double innovation = metric.noise() * Math.sqrt(1 - PHI * PHI);
        for (int i = 0; i < days; i++) {
            LocalDate day = scenario.dataFrom().plusDays(i);
            noise = PHI * noise + innovation * gaussian(random);
            double level = metric.base() * (1 + metric.trendPerWeek() * i / 7.0);
            double value = level * metric.week().factor(day) * effect(scenario, metric.key(), day) * Math.exp(noise);
            values[i] = metric.integral() ? Math.round(value) : Math.round(value * 100) / 100.0;
        }
        return values;
    }

    /** Product of (1 + effect) of every release deployed on {@code day}; a partial day counts in proportion. */
    static double effect(Scenario scenario, String metric, LocalDate day) {
        double factor = 1;
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Scenario.Release release : scenario.releases()) {
            Double effect = release.effects().get(metric);
            if (effect == null) {
                continue;
            }
            Instant from = release.deployedAt();
            Instant to = scenario.rolledBackAt(release).orElse(Instant.MAX);
            Instant overlapFrom = from.isAfter(dayStart) ? from : dayStart;
            Instant overlapTo = to.isBefore(dayEnd) ? to : dayEnd;
            if (overlapTo.isAfter(overlapFrom)) {
                double share = ChronoUnit.SECONDS.between(overlapFrom, overlapTo) / 86_400.0;
                factor *= 1 + effect * share;
            }
        }
        return factor;
    }

    /** The daily totals as points, oldest first. */
    public static List<Point> points(Scenario scenario, Scenario.Metric metric) {
        double[] daily = daily(scenario, metric);
        List<Point> points = new ArrayList<>(daily.length);
        for (int i = 0; i < daily.length; i++) {
            Instant midnight =
                    scenario.dataFrom().plusDays(i).atStartOfDay(ZoneOffset.UTC).toInstant();
            points.add(new Point(midnight, midnight.plus(1, ChronoUnit.DAYS).minusMillis(1), daily[i]));
        }
        return points;
    }

    /** How many points {@link #points} gives for the scenario, per metric. */
    public static int pointsPerMetric(Scenario scenario) {
        return (int) ChronoUnit.DAYS.between(scenario.dataFrom(), scenario.dataTo()) + 1;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
