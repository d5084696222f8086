package dev.whatmoved.metrics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The staging table ({@code rollup_staging}): checked points, added up per bucket, between the answer to their request and
 * their upsert into the rollups.
 */
@ApplicationScoped
public class StagingRepository {

    /** One waiting row. */
    public record Entry(long id, long points, byte[] deltas) {}

    private static final String STAGE = "insert into rollup_staging (points, buckets, deltas) values ($1, $2, $3)";

    /** The oldest rows no other transaction holds (another instance applying them is skipped, not waited for). */
    private static final String CLAIM =
            """
            select id, points, deltas from rollup_staging
             order by id
             limit $1
               for update skip locked
            """;

    private static final String DELETE = "delete from rollup_staging where id = any($1)";

    private final Pool pool;

    public StagingRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds a row in the caller's transaction. */
    public Uni<Void> stage(SqlConnection conn, long points, int buckets, byte[] deltas) {
        return conn.preparedQuery(STAGE)
                .execute(Tuple.of(points, buckets, Buffer.buffer(deltas)))
                .replaceWithVoid();
    }

    /** Locks up to {@code limit} of the oldest rows for the caller's transaction, oldest first. */
    public Uni<List<Entry>> claim(SqlConnection conn, int limit) {
        return conn.preparedQuery(CLAIM).execute(Tuple.of(limit)).map(rows -> {
            List<Entry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(new Entry(
                        row.getLong("id"),
                        row.getLong("points"),
                        row.getBuffer("deltas").getBytes()));
            }
            return entries;
        });
    }

    /** Deletes applied rows in the caller's transaction. */
    public Uni<Void> delete(SqlConnection conn, List<Long> ids) {
        return conn.preparedQuery(DELETE)
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** The newest row's id, or 0 when the staging table is empty. */
    public Uni<Long> newest() {
        return pool.query("select coalesce(max(id), 0) as id from rollup_staging")
                .execute()
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Whether rows up to {@code id} still wait. */
    public Uni<Boolean> waiting(long id) {
        return pool.preparedQuery("select exists (select 1 from rollup_staging where id <= $1) as waiting")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getBoolean("waiting"));
    }

    /** How many rows and points wait (for metrics and the benchmark). */
    public Uni<long[]> backlog() {
        return pool.query("select count(*) as n, coalesce(sum(points), 0) as points from rollup_staging")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[] {row.getLong("n"), row.getLong("points")};
                });
    }
}
