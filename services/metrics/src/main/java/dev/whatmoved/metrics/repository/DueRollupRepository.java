package dev.whatmoved.metrics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How far the announcer is behind: the buckets changed and not yet announced (or passed over), and how long the
 * longest due of them has waited. Reads the partial index {@code rollup_due} only (V5), so it costs no scan of the
 * rollups however many there are.
 */
@ApplicationScoped
public class DueRollupRepository {

    private static final String BACKLOG = "select count(*) as buckets,"
            + " coalesce(extract(epoch from now() - min(due_since)), 0)::bigint as oldest"
            + " from rollup where due_since is not null";

    /**
     * @param buckets buckets due for announcing
     * @param oldestAgeSeconds how long the longest due of them has been due; 0 when none is
     */
    public record Backlog(long buckets, long oldestAgeSeconds) {}

    private final Pool pool;

    public DueRollupRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Backlog> backlog() {
        return pool.query(BACKLOG).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new Backlog(row.getLong("buckets"), Math.max(0, row.getLong("oldest")));
        });
    }
}
