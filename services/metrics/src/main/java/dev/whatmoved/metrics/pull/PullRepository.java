package dev.whatmoved.metrics.pull;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The definitions of pulled metrics and their pull state (table {@code pull_source}). */
@ApplicationScoped
public class PullRepository {

    private static final String COLUMNS = "metric, kind, connection, query, watermark_column, every_ms, step_ms,"
            + " backfill_ms, version, created_at, updated_at, watermark, next_due, last_pull_at, last_success_at,"
            + " last_rows, last_error, last_error_at, consecutive_failures";

    /** What is pulled; a change of any of these starts the definition again from its backfill. */
    private static final List<String> WHAT =
            List.of("kind", "connection", "query", "watermark_column", "step_ms", "backfill_ms");

    private static final String CHANGED =
            "(" + qualified("pull_source") + ") is distinct from (" + qualified("excluded") + ")";

    private static final String SAVE = "insert into pull_source (metric, kind, connection, query, watermark_column,"
            + " every_ms, step_ms, backfill_ms, version, created_at, updated_at, next_due)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9, $9)"
            + " on conflict (metric) do update set kind = excluded.kind, connection = excluded.connection,"
            + " query = excluded.query, watermark_column = excluded.watermark_column, every_ms = excluded.every_ms,"
            + " step_ms = excluded.step_ms, backfill_ms = excluded.backfill_ms, updated_at = excluded.updated_at,"
            + " next_due = excluded.next_due,"
            + " version = case when " + CHANGED + " then pull_source.version + 1 else pull_source.version end,"
            + " watermark = case when " + CHANGED + " then null else pull_source.watermark end"
            + " returning (xmax = 0) as created, " + COLUMNS;

    private static String qualified(String table) {
        return String.join(
                ", ", WHAT.stream().map(column -> table + "." + column).toList());
    }

    private final Pool pool;

    public PullRepository(Pool pool) {
        this.pool = pool;
    }

    /** A saved definition, and whether it was new. */
    public record Saved(PullState state, boolean created) {}

    /** Stores {@code definition} (new or changed); due at once. */
    public Uni<Saved> save(PullDefinition definition, Instant now) {
        Tuple args = Tuple.tuple()
                .addValue(definition.metric())
                .addValue(definition.kind())
                .addValue(definition.connection())
                .addValue(definition.query())
                .addValue(definition.watermarkColumn())
                .addValue(definition.every().toMillis())
                .addValue(millis(definition.step()))
                .addValue(millis(definition.backfill()))
                .addValue(utc(now));
        return pool.preparedQuery(SAVE).execute(args).map(rows -> {
            Row row = rows.iterator().next();
            return new Saved(map(row), row.getBoolean("created"));
        });
    }

    public Uni<PullState> find(String metric) {
        return pool.preparedQuery("select " + COLUMNS + " from pull_source where metric = $1")
                .execute(Tuple.of(metric))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /** Every definition, by metric. */
    public Uni<List<PullState>> list() {
        return pool.query("select " + COLUMNS + " from pull_source order by metric")
                .execute()
                .map(PullRepository::mapAll);
    }

    /** The definitions whose last pull failed, by metric. */
    public Uni<List<PullState>> failing() {
        return pool.query("select " + COLUMNS + " from pull_source where last_error is not null order by metric")
                .execute()
                .map(PullRepository::mapAll);
    }

    /** Removes the definition of {@code metric}; whether there was one. */
    public Uni<Boolean> delete(String metric) {
        return pool.preparedQuery("delete from pull_source where metric = $1")
                .execute(Tuple.of(metric))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Makes {@code metric} due now; its definition so changed, or null when it has none. */
    public Uni<PullState> dueNow(String metric, Instant now) {
        return pool.preparedQuery("update pull_source set next_due = $2 where metric = $1 returning " + COLUMNS)
                .execute(Tuple.of(metric, utc(now)))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /**
     * Takes up to {@code limit} due definitions and moves their next pull one interval on, in one statement: instances
     * sharing the database each take other ones ({@code skip locked}).
     */
    public Uni<List<PullState>> claimDue(Instant now, int limit) {
        return pool.preparedQuery("update pull_source p set next_due = $1 + p.every_ms * interval '1 millisecond'"
                        + " where p.metric in (select metric from pull_source where next_due <= $1"
                        + " order by next_due limit $2 for update skip locked) returning " + COLUMNS)
                .execute(Tuple.of(utc(now), limit))
                .map(PullRepository::mapAll);
    }

    /**
     * Records a successful pull of {@code version} and, unless null, its new watermark; on {@code client}, the
     * transaction of the buckets the pull replaced. Fails when the definition was changed or removed meanwhile, which
     * rolls that transaction back: the rows were fetched for a definition that is gone.
     */
    public Uni<Void> succeeded(SqlClient client, String metric, int version, String watermark, long rows, Instant at) {
        return client.preparedQuery("update pull_source set watermark = coalesce($3, watermark), last_pull_at = $4,"
                        + " last_success_at = $4, last_rows = $5, last_error = null, last_error_at = null,"
                        + " consecutive_failures = 0 where metric = $1 and version = $2")
                .execute(Tuple.of(metric, version, watermark, utc(at), rows))
                .map(updated -> {
                    if (updated.rowCount() != 1) {
                        throw new IllegalStateException("the definition of " + metric
                                + " was changed or removed during the pull; its rows were not stored");
                    }
                    return null;
                });
    }

    /** Records a failed pull of {@code version} (ignored when the definition changed meanwhile). */
    public Uni<Void> failed(String metric, int version, String error, Instant at) {
        return pool.preparedQuery("update pull_source set last_pull_at = $3, last_error = $4, last_error_at = $3,"
                        + " consecutive_failures = consecutive_failures + 1 where metric = $1 and version = $2")
                .execute(Tuple.of(metric, version, utc(at), error))
                .replaceWithVoid();
    }

    public Uni<Void> succeeded(String metric, int version, long rows, Instant at) {
        return succeeded(pool, metric, version, null, rows, at);
    }

    private static List<PullState> mapAll(RowSet<Row> rows) {
        List<PullState> states = new ArrayList<>(rows.size());
        rows.forEach(row -> states.add(map(row)));
        return states;
    }

    private static PullState map(Row row) {
        PullDefinition definition = new PullDefinition(
                row.getString("metric"),
                row.getString("kind"),
                row.getString("connection"),
                row.getString("query"),
                row.getString("watermark_column"),
                Duration.ofMillis(row.getLong("every_ms")),
                duration(row.getLong("step_ms")),
                duration(row.getLong("backfill_ms")));
        return new PullState(
                definition,
                row.getInteger("version"),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")),
                row.getString("watermark"),
                instant(row.getOffsetDateTime("next_due")),
                instant(row.getOffsetDateTime("last_pull_at")),
                instant(row.getOffsetDateTime("last_success_at")),
                row.getLong("last_rows"),
                row.getString("last_error"),
                instant(row.getOffsetDateTime("last_error_at")),
                row.getInteger("consecutive_failures"));
    }

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    private static Duration duration(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
