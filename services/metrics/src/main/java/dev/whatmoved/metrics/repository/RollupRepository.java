package dev.whatmoved.metrics.repository;

import dev.whatmoved.metrics.domain.BucketState;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.model.BucketDelta;
import dev.whatmoved.metrics.model.BucketKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rollup buckets, changed by one atomic bulk upsert per flush ({@code unnest} of arrays: one statement, one round trip,
 * however many buckets), so concurrent flushes into one bucket add up exactly.
 */
@ApplicationScoped
public class RollupRepository {

    static final String STATE_COLUMNS =
            "metric, granularity, dims, bucket_start, sum, count, min, max, denominator, last_at, last_value, revision";

    private static final String UPSERT =
            """
            insert into rollup as r (metric, granularity, dims, bucket_start, sum, count, min, max, denominator,
                                     last_at, last_value, revision, updated_at)
            select t.metric, t.granularity, t.dims, t.bucket_start, t.sum, t.count, t.min, t.max, t.denominator,
                   t.last_at, t.last_value, 1, now()
              from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::float8[], $6::int8[],
                          $7::float8[], $8::float8[], $9::float8[], $10::timestamptz[], $11::float8[])
                   as t(metric, granularity, dims, bucket_start, sum, count, min, max, denominator, last_at, last_value)
            on conflict (metric, granularity, dims, bucket_start) do update
               set sum = r.sum + excluded.sum,
                   count = r.count + excluded.count,
                   min = least(r.min, excluded.min),
                   max = greatest(r.max, excluded.max),
                   denominator = case when excluded.denominator is null then r.denominator
                                      else coalesce(r.denominator, 0) + excluded.denominator end,
                   last_value = case when r.last_at is null or excluded.last_at >= r.last_at
                                     then excluded.last_value else r.last_value end,
                   last_at = greatest(r.last_at, excluded.last_at),
                   revision = r.revision + 1,
                   updated_at = now()
            """;

    private static final String SERIES = "select " + STATE_COLUMNS
            + " from rollup where metric = $1 and granularity = $2 and dims = $3"
            + " and bucket_start >= $4 and bucket_start < $5 order by bucket_start";

    private static final String CLAIM_UNPUBLISHED =
            """
            with due as (
                select metric, granularity, dims, bucket_start from rollup
                 where revision <> published_revision
                 order by updated_at
                 limit $1
                   for update skip locked)
            update rollup r set published_revision = r.revision
              from due
             where r.metric = due.metric and r.granularity = due.granularity and r.dims = due.dims
               and r.bucket_start = due.bucket_start
            returning r.metric, r.granularity, r.dims, r.bucket_start, r.sum, r.count, r.min, r.max, r.denominator,
                      r.last_at, r.last_value, r.revision
            """;

    private final Pool pool;

    public RollupRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Adds each delta to its bucket (creating it) inside the caller's transaction; buckets are locked in
     * {@link BucketKey#LOCK_ORDER} (the order of {@code buckets}).
     *
     * @param returning whether to return the buckets' new states
     */
    public Uni<List<BucketState>> add(
            SqlConnection conn, List<Map.Entry<BucketKey, BucketDelta>> buckets, boolean returning) {
        if (buckets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = buckets.size();
        String[] metrics = new String[n];
        String[] granularities = new String[n];
        String[] dims = new String[n];
        OffsetDateTime[] starts = new OffsetDateTime[n];
        Double[] sums = new Double[n];
        Long[] counts = new Long[n];
        Double[] mins = new Double[n];
        Double[] maxs = new Double[n];
        Double[] denominators = new Double[n];
        OffsetDateTime[] lastAts = new OffsetDateTime[n];
        Double[] lastValues = new Double[n];
        for (int i = 0; i < n; i++) {
            BucketKey key = buckets.get(i).getKey();
            BucketDelta delta = buckets.get(i).getValue();
            metrics[i] = key.metric();
            granularities[i] = key.granularity().id();
            dims[i] = key.dimensions();
            starts[i] = OffsetDateTime.ofInstant(Instant.ofEpochSecond(key.start()), ZoneOffset.UTC);
            sums[i] = delta.sum();
            counts[i] = delta.count();
            mins[i] = delta.min();
            maxs[i] = delta.max();
            denominators[i] = delta.denominator();
            long lastAt = delta.lastAtNanos();
            lastAts[i] = OffsetDateTime.ofInstant(
                    Instant.ofEpochSecond(Math.floorDiv(lastAt, 1_000_000_000L), Math.floorMod(lastAt, 1_000_000_000L)),
                    ZoneOffset.UTC);
            lastValues[i] = delta.lastValue();
        }
        Tuple args = Tuple.tuple()
                .addValue(metrics)
                .addValue(granularities)
                .addValue(dims)
                .addValue(starts)
                .addValue(sums)
                .addValue(counts)
                .addValue(mins)
                .addValue(maxs)
                .addValue(denominators)
                .addValue(lastAts)
                .addValue(lastValues);
        String sql = returning ? UPSERT + " returning " + STATE_COLUMNS : UPSERT;
        return conn.preparedQuery(sql).execute(args).map(rows -> returning ? mapAll(rows) : List.of());
    }

    /** The buckets of one series from {@code from} (inclusive) to {@code to} (exclusive), oldest first. */
    public Uni<List<BucketState>> series(
            String metric, Granularity granularity, String dims, Instant from, Instant to) {
        return pool.preparedQuery(SERIES)
                .execute(Tuple.tuple()
                        .addValue(metric)
                        .addValue(granularity.id())
                        .addValue(dims)
                        .addValue(from.atOffset(ZoneOffset.UTC))
                        .addValue(to.atOffset(ZoneOffset.UTC)))
                .map(RollupRepository::mapAll);
    }

    /**
     * Marks up to {@code limit} changed buckets as announced and returns their current states, inside the caller's
     * transaction (which also writes their events to the outbox). Buckets another instance is announcing are skipped.
     */
    public Uni<List<BucketState>> claimUnpublished(SqlConnection conn, int limit) {
        return conn.preparedQuery(CLAIM_UNPUBLISHED).execute(Tuple.of(limit)).map(RollupRepository::mapAll);
    }

    static List<BucketState> mapAll(RowSet<Row> rows) {
        List<BucketState> states = new ArrayList<>(rows.size());
        rows.forEach(row -> states.add(new BucketState(
                row.getString("metric"),
                Granularity.of(row.getString("granularity")),
                row.getString("dims"),
                row.getOffsetDateTime("bucket_start").toInstant(),
                row.getDouble("sum"),
                row.getLong("count"),
                row.getDouble("min"),
                row.getDouble("max"),
                row.getDouble("denominator"),
                row.getOffsetDateTime("last_at") == null
                        ? null
                        : row.getOffsetDateTime("last_at").toInstant(),
                row.getDouble("last_value"),
                row.getLong("revision"))));
        return states;
    }
}
