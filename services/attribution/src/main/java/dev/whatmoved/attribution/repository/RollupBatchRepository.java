package dev.whatmoved.attribution.repository;

import dev.whatmoved.events.MetricRollup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rollup events and watermarks applied in bulk, with the plain reactive client (one statement per table and one for the checkpoints,
 * whatever the batch's size): each table keeps the highest revision of each bucket, so a redelivered, duplicated or
 * late, older state changes nothing, exactly as {@link RollupUpsert} does for one event; then the computed checkpoints
 * whose window holds a day that changed are marked for recomputation ({@link CheckpointRepository#touch}), all in one
 * transaction.
 */
@ApplicationScoped
public class RollupBatchRepository {

    private static final String DAILY =
            """
            insert into daily_rollup (metric, day, sum, count, denominator, last, aggregation, revision)
            select * from unnest($1::text[], $2::date[], $3::float8[], $4::int8[], $5::float8[], $6::float8[],
                                 $7::text[], $8::int8[])
            on conflict (metric, day) do update
               set sum = excluded.sum, count = excluded.count, denominator = excluded.denominator,
                   last = excluded.last, aggregation = excluded.aggregation, revision = excluded.revision
             where daily_rollup.revision < excluded.revision
            returning metric, day
            """;

    private static final String HOURLY =
            """
            insert into hourly_rollup (metric, hour, sum, count, denominator, last, aggregation, revision)
            select * from unnest($1::text[], $2::timestamptz[], $3::float8[], $4::int8[], $5::float8[], $6::float8[],
                                 $7::text[], $8::int8[])
            on conflict (metric, hour) do update
               set sum = excluded.sum, count = excluded.count, denominator = excluded.denominator,
                   last = excluded.last, aggregation = excluded.aggregation, revision = excluded.revision
             where hourly_rollup.revision < excluded.revision
            returning metric, (hour at time zone 'UTC')::date as day
            """;

    /** {@link CheckpointRepository#touch} for many (metric, day) pairs at once, in a fixed order. */
    private static final String TOUCH =
            """
            update checkpoint c set stale = true, failures = 0, retry_at = null
              from (select distinct metric, day from unnest($1::text[], $2::date[]) as t(metric, day)) t
             where c.metric = t.metric and t.day between c.window_from and c.window_to
               and (c.version > 0 or c.failures > 0) and not c.stale
            """;

    /** Keeps each metric's greatest watermark. */
    private static final String WATERMARK =
            """
            insert into metric_watermark (metric, announced_through)
            select * from unnest($1::text[], $2::timestamptz[])
            on conflict (metric) do update set announced_through = excluded.announced_through
             where metric_watermark.announced_through < excluded.announced_through
            """;

    private final Pool pool;

    public RollupBatchRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes the day and hour buckets (each at most once per list: the caller keeps the highest revision) and touches
     * the checkpoints of the days that changed, in one transaction.
     *
     * @return how many buckets were newer than the stored ones
     */
    public Uni<Integer> apply(List<MetricRollup> days, List<MetricRollup> hours, Map<String, Instant> watermarks) {
        return pool.withTransaction(conn -> upsert(conn, DAILY, days, true)
                .flatMap(daily -> upsert(conn, HOURLY, hours, false).flatMap(hourly -> {
                    Set<DayOfMetric> changed = new TreeSet<>(daily);
                    changed.addAll(hourly);
                    int newer = daily.size() + hourly.size();
                    return changed.isEmpty()
                            ? Uni.createFrom().item(newer)
                            : touch(conn, changed).replaceWith(newer);
                }))
                .call(() -> watermarks.isEmpty() ? Uni.createFrom().voidItem() : watermarks(conn, watermarks)));
    }

    private static Uni<Void> watermarks(SqlConnection conn, Map<String, Instant> watermarks) {
        String[] metrics = watermarks.keySet().toArray(String[]::new);
        OffsetDateTime[] through = watermarks.values().stream()
                .map(t -> t.atOffset(ZoneOffset.UTC))
                .toArray(OffsetDateTime[]::new);
        return conn.preparedQuery(WATERMARK)
                .execute(Tuple.tuple().addValue(metrics).addValue(through))
                .replaceWithVoid();
    }

    private static Uni<List<DayOfMetric>> upsert(
            SqlConnection conn, String sql, List<MetricRollup> events, boolean daily) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = events.size();
        String[] metrics = new String[n];
        Object[] buckets = daily ? new LocalDate[n] : new OffsetDateTime[n];
        Double[] sums = new Double[n];
        Long[] counts = new Long[n];
        Double[] denominators = new Double[n];
        Double[] lasts = new Double[n];
        String[] aggregations = new String[n];
        Long[] revisions = new Long[n];
        for (int i = 0; i < n; i++) {
            MetricRollup e = events.get(i);
            metrics[i] = e.metric();
            buckets[i] = daily
                    ? LocalDate.ofInstant(e.bucketStart(), ZoneOffset.UTC)
                    : e.bucketStart().atOffset(ZoneOffset.UTC);
            sums[i] = e.sum();
            counts[i] = e.count();
            denominators[i] = e.denominator();
            lasts[i] = e.last();
            aggregations[i] = e.aggregation();
            revisions[i] = e.revision();
        }
        Tuple columns = Tuple.tuple()
                .addValue(metrics)
                .addValue(buckets)
                .addValue(sums)
                .addValue(counts)
                .addValue(denominators)
                .addValue(lasts)
                .addValue(aggregations)
                .addValue(revisions);
        return conn.preparedQuery(sql).execute(columns).map(rows -> {
            List<DayOfMetric> changed = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                changed.add(new DayOfMetric(row.getString("metric"), row.getLocalDate("day")));
            }
            return changed;
        });
    }

    private static Uni<Integer> touch(SqlConnection conn, Set<DayOfMetric> changed) {
        String[] metrics = new String[changed.size()];
        LocalDate[] days = new LocalDate[changed.size()];
        int i = 0;
        for (DayOfMetric d : changed) {
            metrics[i] = d.metric();
            days[i++] = d.day();
        }
        return conn.preparedQuery(TOUCH)
                .execute(Tuple.tuple().addValue(metrics).addValue(days))
                .map(rows -> rows.rowCount());
    }

    /** A day of a metric whose data changed; ordered, so concurrent transactions touch checkpoints in one order. */
    record DayOfMetric(String metric, LocalDate day) implements Comparable<DayOfMetric> {
        @Override
        public int compareTo(DayOfMetric o) {
            int byMetric = metric.compareTo(o.metric);
            return byMetric != 0 ? byMetric : day.compareTo(o.day);
        }
    }
}
