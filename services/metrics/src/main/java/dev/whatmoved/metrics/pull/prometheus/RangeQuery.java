package dev.whatmoved.metrics.pull.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A PromQL range query: the expression evaluated at {@code start}, {@code start + step}, ... up to {@code end}
 * (inclusive), as {@code /api/v1/query_range} does.
 */
public record RangeQuery(String expression, Instant start, Instant end, Duration step) {

    /** Prometheus refuses a range query with more than 11,000 points per series; a part stays well under it. */
    static final int MAX_POINTS = 10_000;

    public RangeQuery {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive: " + step);
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }

    /** The evaluation times: how many points each series has at most. */
    public long points() {
        return Duration.between(start, end).dividedBy(step) + 1;
    }

    /**
     * The same evaluation times, in consecutive queries of at most {@code maxPoints} points each (one query when it
     * fits).
     */
    public List<RangeQuery> parts(int maxPoints) {
        List<RangeQuery> parts = new ArrayList<>();
        Instant from = start;
        Duration span = step.multipliedBy(maxPoints - 1L);
        while (!from.isAfter(end)) {
            Instant to = from.plus(span);
            if (to.isAfter(end)) {
                to = from.plus(step.multipliedBy(Duration.between(from, end).dividedBy(step)));
            }
            parts.add(new RangeQuery(expression, from, to, step));
            from = to.plus(step);
        }
        return parts;
    }
}
