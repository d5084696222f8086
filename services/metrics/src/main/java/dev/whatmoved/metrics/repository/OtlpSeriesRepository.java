package dev.whatmoved.metrics.repository;

import dev.whatmoved.metrics.model.CumulativeToDelta;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The last running total of each OTLP cumulative series, changed in the transaction of the rollups. */
@ApplicationScoped
public class OtlpSeriesRepository {

    private static final String LOCK = "select series_key, start_nanos, time_nanos, value, count from otlp_series"
            + " where series_key = any($1) order by series_key for update";

    private static final String SAVE =
            """
            insert into otlp_series (series_key, start_nanos, time_nanos, value, count, updated_at)
            select * , now() from unnest($1::text[], $2::int8[], $3::int8[], $4::float8[], $5::int8[])
            on conflict (series_key) do update
               set start_nanos = excluded.start_nanos, time_nanos = excluded.time_nanos, value = excluded.value,
                   count = excluded.count, updated_at = now()
            """;

    public Uni<Map<String, CumulativeToDelta.State>> lock(SqlConnection conn, List<String> keys) {
        return conn.preparedQuery(LOCK)
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, CumulativeToDelta.State> states = new HashMap<>();
                    rows.forEach(row -> states.put(
                            row.getString("series_key"),
                            new CumulativeToDelta.State(
                                    row.getLong("start_nanos"),
                                    row.getLong("time_nanos"),
                                    row.getDouble("value"),
                                    row.getLong("count"))));
                    return states;
                });
    }

    public Uni<Void> save(SqlConnection conn, Map<String, CumulativeToDelta.State> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] keys = states.keySet().stream().sorted().toArray(String[]::new);
        Long[] starts = new Long[keys.length];
        Long[] times = new Long[keys.length];
        Double[] values = new Double[keys.length];
        Long[] counts = new Long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            CumulativeToDelta.State s = states.get(keys[i]);
            starts[i] = s.startNanos();
            times[i] = s.timeNanos();
            values[i] = s.value();
            counts[i] = s.count();
        }
        return conn.preparedQuery(SAVE)
                .execute(Tuple.of(keys, starts, times, values, counts))
                .replaceWithVoid();
    }
}
