package dev.whatmoved.metrics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The staging table's quarantine ({@code staging_quarantine}): what the staging applier could not add to the rollups, with the
 * reason, kept for an operator to look at, replay or delete.
 */
@ApplicationScoped
public class QuarantineRepository {

    /**
     * One quarantined bucket, or an staged row that could not be read (then {@code metric} and the other key columns
     * are null).
     *
     * @param points the observations it holds
     * @param deltas the bucket in the staging table's format (RollupCodec), or the unreadable row's bytes
     */
    public record Entry(
            String metric,
            String granularity,
            String dims,
            Instant bucketStart,
            long points,
            String reason,
            byte[] deltas) {}

    /** How many entries are in quarantine, and the newest one's time and reason (null when there is none). */
    public record Summary(long count, Instant newestAt, String newestReason) {}

    private static final String ADD = "insert into staging_quarantine"
            + " (reason, metric, granularity, dims, bucket_start, points, deltas) values ($1, $2, $3, $4, $5, $6, $7)";

    private static final String SUMMARY =
            """
            select (select count(*) from staging_quarantine) as n, q.quarantined_at, q.reason
              from (select 1) one
              left join lateral (select quarantined_at, reason from staging_quarantine order by id desc limit 1) q on true
            """;

    private final Pool pool;

    public QuarantineRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds {@code entries} in the caller's transaction. */
    public Uni<Void> add(SqlConnection conn, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = entries.stream()
                .map(e -> Tuple.tuple()
                        .addValue(e.reason())
                        .addValue(e.metric())
                        .addValue(e.granularity())
                        .addValue(e.dims())
                        .addValue(
                                e.bucketStart() == null
                                        ? null
                                        : OffsetDateTime.ofInstant(e.bucketStart(), ZoneOffset.UTC))
                        .addValue(e.points())
                        .addValue(Buffer.buffer(e.deltas())))
                .toList();
        return conn.preparedQuery(ADD).executeBatch(rows).replaceWithVoid();
    }

    public Uni<Summary> summary() {
        return pool.query(SUMMARY).execute().map(rows -> {
            Row row = rows.iterator().next();
            OffsetDateTime newest = row.getOffsetDateTime("quarantined_at");
            return new Summary(row.getLong("n"), newest == null ? null : newest.toInstant(), row.getString("reason"));
        });
    }
}
