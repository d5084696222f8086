package dev.whatmoved.metrics.pull.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a range query returned: a matrix of series, each with its labels and its samples, plus the samples that hold
 * no number (NaN, ±Inf) and were left out, and the server's warnings.
 *
 * @param series the series, in the server's order
 * @param skipped samples left out, with the reason (first ones only; {@link #skippedCount()} counts them all)
 * @param skippedCount how many samples were left out
 * @param warnings warnings the server gave with the data (e.g. a query hitting a limit)
 */
public record Matrix(List<Series> series, List<String> skipped, long skippedCount, List<String> warnings) {

    /** Reasons of left-out samples a matrix keeps (all are counted). */
    static final int MAX_REASONS = 10;

    /** One series: its labels (without {@code __name__}) and its samples in time order. */
    public record Series(Map<String, String> labels, List<Sample> samples) {}

    /** One evaluation: the time and a finite value. */
    public record Sample(Instant timestamp, double value) {}

    /** How many samples all series hold. */
    public long samples() {
        return series.stream().mapToLong(s -> s.samples().size()).sum();
    }
}
