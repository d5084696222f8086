package dev.whatmoved.metrics.ingest;

import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.model.RollupAccumulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks points as a reader finds them and adds the valid ones up at once, keeping only the rejected ones: a body of
 * millions of points never exists as a list of points.
 */
public final class Checker implements PointSink {

    private final PointValidator validator;
    private final String defaultMetric;
    private final RollupAccumulator rollup;
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<PointInput> rejectedPoints = new ArrayList<>();
    private final List<Batch.Unreadable> unreadable = new ArrayList<>();
    private long accepted;

    /**
     * @param validator checks a point (its catalogue lookups are remembered for this batch by {@link #memo})
     * @param defaultMetric the metric of points that name none, or null
     */
    public Checker(PointValidator validator, String defaultMetric, RollupAccumulator rollup) {
        this.validator = validator;
        this.defaultMetric = defaultMetric;
        this.rollup = rollup;
    }

    /**
     * A catalogue lookup that asks {@code lookup} once per key (found or not). The key asked last is answered without a
     * lookup when it is the same instance (the points of a record mostly name one metric, or none and take the
     * record's).
     */
    public static Function<String, MetricDefinition> memo(Function<String, MetricDefinition> lookup) {
        return new Memo(lookup);
    }

    private static final class Memo implements Function<String, MetricDefinition> {
        private final Function<String, MetricDefinition> lookup;
        private final Map<String, Optional<MetricDefinition>> seen = new HashMap<>();
        private String lastKey;
        private MetricDefinition last;

        Memo(Function<String, MetricDefinition> lookup) {
            this.lookup = lookup;
        }

        @Override
        public MetricDefinition apply(String key) {
            if (key == lastKey && key != null) {
                return last;
            }
            Optional<MetricDefinition> found = seen.get(key);
            if (found == null) {
                found = Optional.ofNullable(lookup.apply(key));
                seen.put(key, found);
            }
            lastKey = key;
            last = found.orElse(null);
            return last;
        }
    }

    @Override
    public void point(PointInput point) {
        String problem = validator.addTo(point, defaultMetric, rollup);
        if (problem == null) {
            accepted++;
        } else {
            rejections.add(new Rejection(point.line, point.index, problem));
            rejectedPoints.add(point);
        }
    }

    @Override
    public void unreadable(Rejection rejection, int start, int end) {
        rejections.add(rejection);
        unreadable.add(new Batch.Unreadable(rejection, start, end));
    }

    /** What was found, rejections in the order of the body. */
    public Checked result() {
        rejections.sort(Comparator.comparingInt(Rejection::line));
        return new Checked(rollup, accepted, rejections, rejectedPoints, unreadable);
    }
}
