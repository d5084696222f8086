package dev.whatmoved.metrics.catalogue;

import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.ingest.PointValidator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dimension combinations each metric has, to cap them: a metric may have at most
 * {@link MetricsConfig#maxDimensionCombinations()} distinct combinations; a point that would add one more is rejected
 * (its reason names the limit), points of combinations the metric already has still count. Each metric's combinations
 * are read from the rollups the first time it is seen, then kept in memory and added to as points are admitted.
 *
 * <p>A combination is counted when a point of it is admitted, before its transaction commits (so one that then fails
 * still counts until a restart: the limit errs on the safe side). Several instances each count what they admit on top
 * of what was stored when they first saw the metric, so together they may admit up to one limit's worth more each.
 *
 * <p>A {@code @Singleton}, not {@code @ApplicationScoped}: the validator asks it for every point with dimensions, and a
 * client proxy's context lookup per call was 7 % of the Kafka path's CPU in a flight recording.
 */
@Singleton
public class DimensionCombinations implements PointValidator.Admission {

    private static final String KNOWN =
            "select metric, dims from rollup where metric = any($1) and granularity = 'day' and dims <> '{}'"
                    + " group by metric, dims";

    private final Pool pool;
    private final int limit;
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    public DimensionCombinations(Pool pool, MetricsConfig config) {
        this.pool = pool;
        this.limit = config.maxDimensionCombinations();
    }

    @Override
    public int limit() {
        return limit;
    }

    /** Reads the combinations of those of {@code metrics} not yet known. */
    public Uni<Void> load(Collection<String> metrics) {
        List<String> missing =
                metrics.stream().filter(m -> !known.containsKey(m)).distinct().toList();
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(KNOWN)
                .execute(Tuple.of(missing.toArray(String[]::new)))
                .invoke(rows -> {
                    Map<String, Set<String>> found = new java.util.HashMap<>();
                    missing.forEach(m -> found.put(m, ConcurrentHashMap.newKeySet()));
                    rows.forEach(row -> found.get(row.getString("metric")).add(row.getString("dims")));
                    found.forEach(known::putIfAbsent);
                })
                .replaceWithVoid();
    }

    /**
     * Whether a point of {@code metric} with the combination {@code dims} may be taken (counting the combination if it
     * is new). Reads the metric's combinations first if needed, blocking: call it off the event loop, or after
     * {@link #load}.
     */
    @Override
    public boolean admit(String metric, String dims) {
        if (Dimensions.TOTAL.equals(dims)) {
            return true;
        }
        Set<String> combinations = known.get(metric);
        if (combinations == null) {
            load(List.of(metric)).await().atMost(Duration.ofSeconds(30));
            combinations = known.get(metric);
        }
        if (combinations.contains(dims)) {
            return true;
        }
        synchronized (combinations) {
            if (combinations.size() >= limit) {
                return combinations.contains(dims);
            }
            combinations.add(dims);
            return true;
        }
    }
}
