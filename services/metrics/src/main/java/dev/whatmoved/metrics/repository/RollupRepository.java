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
import java.util.function.Predicate;

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
                                     last_at, last_value, revision, updated_at, due_since)
            select t.metric, t.granularity, t.dims, t.bucket_start, t.sum, t.count, t.min, t.max, t.denominator,
                   t.last_at, t.last_value, 1, now(), now()
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
                   updated_at = now(),
                   due_since = coalesce(r.due_since, now())
            """;

    /**
     * A history import: each bucket gets exactly the given totals. A bucket that holds them already is not touched (no
     * new revision, so no event: importing a file twice changes nothing); one that holds anything else takes them as a
     * new revision and is due for announcing; a new one starts at revision 1. Only changed rows come back.
     */
    private static final String REPLACE =
            """
            insert into rollup as r (metric, granularity, dims, bucket_start, sum, count, min, max, denominator,
                                     last_at, last_value, revision, published_revision, updated_at, due_since)
            select t.metric, t.granularity, t.dims, t.bucket_start, t.sum, t.count, t.min, t.max, t.denominator,
                   t.last_at, t.last_value, 1, case when t.passed_over then 1 else 0 end, now(),
                   case when t.passed_over then null else now() end
              from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::float8[], $6::int8[],
                          $7::float8[], $8::float8[], $9::float8[], $10::timestamptz[], $11::float8[], $12::bool[])
                   as t(metric, granularity, dims, bucket_start, sum, count, min, max, denominator, last_at, last_value,
                        passed_over)
            on conflict (metric, granularity, dims, bucket_start) do update
               set sum = excluded.sum,
                   count = excluded.count,
                   min = excluded.min,
                   max = excluded.max,
                   denominator = excluded.denominator,
                   last_at = excluded.last_at,
                   last_value = excluded.last_value,
                   revision = r.revision + 1,
                   -- a series no consumer reads: passed over at once (excluded.published_revision is 1 for those)
                   published_revision = case when excluded.published_revision = 1 then r.revision + 1
                                             else r.published_revision end,
                   updated_at = now(),
                   due_since = case when excluded.published_revision = 1 then null
                                    else coalesce(r.due_since, now()) end
             where (r.sum, r.count, r.min, r.max, r.denominator, r.last_at, r.last_value)
                   is distinct from (excluded.sum, excluded.count, excluded.min, excluded.max, excluded.denominator,
                                     excluded.last_at, excluded.last_value)
            returning revision, published_revision = revision as passed_over
            """;

    private static final String SERIES = "select " + STATE_COLUMNS
            + " from rollup where metric = $1 and granularity = $2 and dims = $3"
            + " and bucket_start >= $4 and bucket_start < $5 order by bucket_start";

    private static final String DUE =
            "select " + STATE_COLUMNS + " from rollup where due_since is not null order by due_since limit $1";

    /**
     * Rows another transaction holds (an upsert in flight) are skipped: they stay due, and their change is announced in
     * a later round; waiting for them could deadlock with an upsert that locks buckets in another order.
     */
    private static final String MARK_ANNOUNCED =
            """
            with announced as (
                select r.metric, r.granularity, r.dims, r.bucket_start, t.revision
                  from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int8[])
                       as t(metric, granularity, dims, bucket_start, revision)
                  join rollup r on r.metric = t.metric and r.granularity = t.granularity and r.dims = t.dims
                                and r.bucket_start = t.bucket_start
                   for update of r skip locked)
            update rollup r set published_revision = a.revision,
                                due_since = case when r.revision = a.revision then null else r.due_since end
              from announced a
             where r.metric = a.metric and r.granularity = a.granularity and r.dims = a.dims
               and r.bucket_start = a.bucket_start and r.published_revision < a.revision
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
        String sql = returning ? UPSERT + " returning " + STATE_COLUMNS : UPSERT;
        return conn.preparedQuery(sql).execute(columns(buckets)).map(rows -> returning ? mapAll(rows) : List.of());
    }

    /**
     * What a {@link #replace} changed: buckets created, and existing buckets given a new revision; of both, how many
     * belong to series no consumer reads and were passed over (marked as announced) at once.
     */
    public record Replaced(int created, int revised, int passedOver) {

        public Replaced plus(Replaced other) {
            return new Replaced(created + other.created, revised + other.revised, passedOver + other.passedOver);
        }
    }

    /**
     * Sets each bucket to exactly what its delta holds (a history import), inside the caller's transaction; a bucket
     * that holds that already is left as it is. Buckets are locked in {@link BucketKey#LOCK_ORDER} (the order of
     * {@code buckets}).
     *
     * <p>A bucket {@code announced} refuses (its series is read by no consumer: {@link
     * dev.whatmoved.metrics.model.AnnouncementInterest}) is marked as announced in the same statement, so the announcer
     * never reads it: a year of hourly history has ten times more such buckets than read ones, and reading and marking
     * them was most of the announcer's work after an import.
     */
    public Uni<Replaced> replace(
            SqlConnection conn, List<Map.Entry<BucketKey, BucketDelta>> buckets, Predicate<BucketKey> announced) {
        if (buckets.isEmpty()) {
            return Uni.createFrom().item(new Replaced(0, 0, 0));
        }
        Boolean[] passedOver = new Boolean[buckets.size()];
        for (int i = 0; i < passedOver.length; i++) {
            passedOver[i] = !announced.test(buckets.get(i).getKey());
        }
        return conn.preparedQuery(REPLACE)
                .execute(columns(buckets).addValue(passedOver))
                .map(rows -> {
                    int created = 0;
                    int revised = 0;
                    int passed = 0;
                    for (Row row : rows) {
                        if (row.getLong("revision") == 1) {
                            created++;
                        } else {
                            revised++;
                        }
                        if (row.getBoolean("passed_over")) {
                            passed++;
                        }
                    }
                    return new Replaced(created, revised, passed);
                });
    }

    /** The arguments {@code $1} to {@code $11} of {@link #UPSERT} and {@link #REPLACE}. */
    private static Tuple columns(List<Map.Entry<BucketKey, BucketDelta>> buckets) {
        int n = buckets.size();
        KeyColumns keys = new KeyColumns(n);
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
            keys.set(i, key.metric(), key.granularity(), key.dimensions(), Instant.ofEpochSecond(key.start()));
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
        return keys.addTo(Tuple.tuple())
                .addValue(sums)
                .addValue(counts)
                .addValue(mins)
                .addValue(maxs)
                .addValue(denominators)
                .addValue(lastAts)
                .addValue(lastValues);
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
     * Up to {@code limit} buckets changed since their last announcement (revision above published_revision), longest
     * due first, with their current states. Reads only: nothing is locked or marked.
     */
    public Uni<List<BucketState>> due(SqlConnection conn, int limit) {
        return conn.preparedQuery(DUE).execute(Tuple.of(limit)).map(RollupRepository::mapAll);
    }

    /**
     * Records that {@code announced} (states read by {@link #due}) are on Kafka: each bucket's published_revision
     * becomes the revision announced, unless it changed meanwhile past it (then it stays due) or another transaction
     * holds it (then it stays due and is announced again: at least once).
     *
     * @return how many buckets were marked
     */
    public Uni<Integer> markAnnounced(SqlConnection conn, List<BucketState> announced) {
        int n = announced.size();
        KeyColumns keys = new KeyColumns(n);
        Long[] revisions = new Long[n];
        for (int i = 0; i < n; i++) {
            BucketState state = announced.get(i);
            keys.set(i, state.metric(), state.granularity(), state.dimensions(), state.bucketStart());
            revisions[i] = state.revision();
        }
        return conn.preparedQuery(MARK_ANNOUNCED)
                .execute(keys.addTo(Tuple.tuple()).addValue(revisions))
                .map(RowSet::rowCount);
    }

    /** The key columns of many buckets, as the arrays a statement unnests ({@code $1} to {@code $4}). */
    private record KeyColumns(String[] metrics, String[] granularities, String[] dims, OffsetDateTime[] starts) {

        KeyColumns(int n) {
            this(new String[n], new String[n], new String[n], new OffsetDateTime[n]);
        }

        void set(int i, String metric, Granularity granularity, String dimensions, Instant start) {
            metrics[i] = metric;
            granularities[i] = granularity.id();
            dims[i] = dimensions;
            starts[i] = start.atOffset(ZoneOffset.UTC);
        }

        Tuple addTo(Tuple tuple) {
            return tuple.addValue(metrics)
                    .addValue(granularities)
                    .addValue(dims)
                    .addValue(starts);
        }
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
