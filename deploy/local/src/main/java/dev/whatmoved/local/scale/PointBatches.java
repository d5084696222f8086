package dev.whatmoved.local.scale;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * Point batches for {@code whatmoved.metric-points}: JSON arrays of {@code batch} points of one metric, keyed by the
 * metric (the record format the metrics service reads, as in the ingestion benchmark). Each point has two dimensions
 * (country: 3 values, plan: 2) and an integer value; every point is added to {@link ExpectedRollups} as it is made.
 * One thread per instance.
 */
final class PointBatches {

    static final List<String> DIMENSIONS = List.of("country", "plan");
    static final String[] COUNTRIES = {"de", "fr", "us"};
    static final String[] PLANS = {"free", "pro"};

    /** Where in time the points fall. */
    interface Spread {
        Instant pick(Random random);
    }

    /** The last {@code hours} hours before {@code now}, as live exporters send them. */
    static Spread recent(Instant now, int hours) {
        long span = hours * 3_600_000L;
        return random -> now.minusMillis((long) (random.nextDouble() * span)).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * History: the {@code days} days before {@code today}, each point between 10:00 and 12:00 UTC (two hour buckets a
     * day keep the number of buckets, and so of rollup announcements, small).
     */
    static Spread history(LocalDate today, int days) {
        return random -> today.minusDays(1 + random.nextInt(days))
                .atTime(10, 0)
                .toInstant(ZoneOffset.UTC)
                .plusMillis(random.nextInt(2 * 3_600_000));
    }

    private final List<String> metrics;
    private final Spread spread;
    private final int batch;
    private final Random random;
    private final ExpectedRollups expected;
    private long made;

    PointBatches(List<String> metrics, Spread spread, int batch, long seed, ExpectedRollups expected) {
        this.metrics = metrics;
        this.spread = spread;
        this.batch = batch;
        this.random = new Random(seed);
        this.expected = expected;
    }

    /** The metric of the next record (records go round the metrics). */
    String nextMetric() {
        return metrics.get((int) (made % metrics.size()));
    }

    /** The next record's value; its points are counted in the expected rollups. */
    byte[] next() {
        String metric = nextMetric();
        made++;
        StringBuilder out = new StringBuilder(batch * 96).append('[');
        for (int i = 0; i < batch; i++) {
            Instant at = spread.pick(random);
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            String plan = PLANS[random.nextInt(PLANS.length)];
            int value = random.nextInt(1000);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"timestamp\":\"")
                    .append(at)
                    .append("\",\"value\":")
                    .append(value)
                    .append(",\"dimensions\":{\"country\":\"")
                    .append(country)
                    .append("\",\"plan\":\"")
                    .append(plan)
                    .append("\"}}");
            expected.add(metric, at, "country:" + country + ",plan:" + plan, value);
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
