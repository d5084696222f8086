package dev.whatmoved.metrics.repository;

import dev.whatmoved.metrics.domain.Aggregation;
import dev.whatmoved.metrics.domain.GoodDirection;
import dev.whatmoved.metrics.domain.MetricDefinition;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The metric catalogue. Like the rollups it goes through the reactive PostgreSQL client: the ingestion path reads it
 * from worker and consumer threads, where a Hibernate Reactive session is not at home.
 */
@ApplicationScoped
public class MetricRepository {

    private static final String COLUMNS =
            "key, name, unit, aggregation, good_direction, dimensions, description, created_at";
    private static final String INSERT = "insert into metric (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8)"
            + " on conflict (key) do nothing returning " + COLUMNS;

    private final Pool pool;

    public MetricRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores {@code metric} unless its key exists; returns it as stored, or null when the key existed. */
    public Uni<MetricDefinition> insert(MetricDefinition metric) {
        Tuple row = Tuple.tuple()
                .addValue(metric.key())
                .addValue(metric.name())
                .addValue(metric.unit())
                .addValue(metric.aggregation().id())
                .addValue(metric.goodDirection().id())
                .addValue(metric.dimensions().toArray(String[]::new))
                .addValue(metric.description())
                .addValue(metric.createdAt().atOffset(ZoneOffset.UTC));
        return pool.preparedQuery(INSERT)
                .execute(row)
                .map(inserted -> inserted.size() == 1 ? map(inserted.iterator().next()) : null);
    }

    /** The definition of {@code key}, or null. */
    public Uni<MetricDefinition> find(String key) {
        return pool.preparedQuery("select " + COLUMNS + " from metric where key = $1")
                .execute(Tuple.of(key))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /** The definitions of {@code keys} that exist. */
    public Uni<List<MetricDefinition>> findAll(List<String> keys) {
        return pool.preparedQuery("select " + COLUMNS + " from metric where key = any($1)")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(MetricRepository::mapAll);
    }

    /** Every definition, by key. */
    public Uni<List<MetricDefinition>> list() {
        return pool.query("select " + COLUMNS + " from metric order by key")
                .execute()
                .map(MetricRepository::mapAll);
    }

    private static List<MetricDefinition> mapAll(RowSet<Row> rows) {
        List<MetricDefinition> metrics = new ArrayList<>(rows.size());
        rows.forEach(row -> metrics.add(map(row)));
        return metrics;
    }

    private static MetricDefinition map(Row row) {
        return new MetricDefinition(
                row.getString("key"),
                row.getString("name"),
                row.getString("unit"),
                Aggregation.of(row.getString("aggregation")),
                GoodDirection.of(row.getString("good_direction")),
                List.copyOf(Arrays.asList(row.getArrayOfStrings("dimensions"))),
                row.getString("description"),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
