package dev.whatmoved.metrics.model;

import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.Granularity;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which rollup buckets are announced, from what consumers declared ({@code metric.interest.v1}): a bucket is announced
 * if its series (granularity and dimension keys) is declared for its metric or for every metric ({@code *}). A metric
 * that no declaration names, while none is made for every metric, has every bucket announced: until a consumer says
 * what it reads, nothing is held back.
 */
public final class AnnouncementInterest {

    /** Every metric, in a declaration. */
    public static final String EVERY_METRIC = "*";

    /** Nothing declared: every bucket is announced. */
    public static final AnnouncementInterest NONE = new AnnouncementInterest(Map.of());

    /**
     * A series of buckets: a granularity and the dimension keys of its buckets (empty: the total).
     *
     * @param keys sorted
     */
    public record Series(Granularity granularity, Set<String> keys) {

        public Series {
            keys = Set.copyOf(new TreeSet<>(keys));
        }

        /** The series of a bucket of {@code granularity} with the canonical dimensions {@code dims}. */
        public static Series of(Granularity granularity, String dims) {
            return new Series(
                    granularity,
                    Dimensions.TOTAL.equals(dims)
                            ? Set.of()
                            : Dimensions.parse(dims).keySet());
        }
    }

    /** The union of the declared series, by metric ({@link #EVERY_METRIC} included). */
    private final Map<String, Set<Series>> declared;

    private final Set<Series> everyMetric;

    /** @param declared each declaration's metric and series (several consumers may declare for one metric) */
    public AnnouncementInterest(Map<String, ? extends Collection<Series>> declared) {
        Map<String, Set<Series>> union = new HashMap<>();
        declared.forEach((metric, series) ->
                union.computeIfAbsent(metric, m -> new HashSet<>()).addAll(series));
        this.declared = union;
        this.everyMetric = union.getOrDefault(EVERY_METRIC, Set.of());
    }

    /** Whether any declaration exists at all. */
    public boolean isEmpty() {
        return declared.isEmpty();
    }

    /** Whether the bucket of {@code metric} with {@code granularity} and canonical dimensions {@code dims} is sent. */
    public boolean announces(String metric, Granularity granularity, String dims) {
        Set<Series> ofMetric = declared.get(metric);
        if (ofMetric == null && !declared.containsKey(EVERY_METRIC)) {
            return true;
        }
        return announces(metric, Series.of(granularity, dims));
    }

    /** Whether the buckets of {@code series} of {@code metric} are sent. */
    public boolean announces(String metric, Series series) {
        Set<Series> ofMetric = declared.get(metric);
        if (ofMetric == null && !declared.containsKey(EVERY_METRIC)) {
            return true;
        }
        return everyMetric.contains(series) || (ofMetric != null && ofMetric.contains(series));
    }

    /**
     * The metrics whose stored buckets of {@code series} were passed over until now, and are announced once it is
     * declared for {@code metric}: {@code metric} itself unless it was announced; for {@link #EVERY_METRIC}, every
     * metric ({@code *}) if a declaration for every metric left it out, else only the metrics whose own declarations
     * left it out (the others had every bucket announced).
     */
    public List<String> passedOver(String metric, Series series) {
        if (!EVERY_METRIC.equals(metric)) {
            return announces(metric, series) ? List.of() : List.of(metric);
        }
        if (declared.containsKey(EVERY_METRIC)) {
            return everyMetric.contains(series) ? List.of() : List.of(EVERY_METRIC);
        }
        return declared.entrySet().stream()
                .filter(e -> !e.getValue().contains(series))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
