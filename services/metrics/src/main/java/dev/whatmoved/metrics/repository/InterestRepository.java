package dev.whatmoved.metrics.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.MetricInterest;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.model.AnnouncementInterest;
import dev.whatmoved.metrics.model.AnnouncementInterest.Series;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The declarations of {@code metric.interest.v1} ({@code rollup_interest}) and the backfill of a newly read series. */
@ApplicationScoped
public class InterestRepository {

    private static final TypeReference<List<MetricInterest.Series>> SERIES = new TypeReference<>() {};

    private static final String ALL = "select metric, series::text as series from rollup_interest";

    private static final String FIND =
            "select declared_at, series::text as series from rollup_interest where consumer = $1 and metric = $2"
                    + " for update";

    private static final String SAVE =
            """
            insert into rollup_interest (consumer, metric, declared_at, series) values ($1, $2, $3, $4::text::jsonb)
            on conflict (consumer, metric) do update set declared_at = excluded.declared_at, series = excluded.series
            """;

    /**
     * Makes every stored bucket of one series due again ({@code $1}: a metric or {@code *}): announced by the next
     * round with its current revision, so with the event id it had or would have had.
     */
    private static final String BACKFILL =
            """
            update rollup set published_revision = 0, due_since = coalesce(due_since, now())
             where ($1 = '*' or metric = $1) and granularity = $2
               and case when cardinality($3::text[]) = 0 then dims = '{}'
                        else dims::jsonb ?& $3::text[]
                             and (select count(*) from jsonb_object_keys(dims::jsonb)) = cardinality($3::text[]) end
            """;

    private final ObjectMapper json;

    public InterestRepository(ObjectMapper json) {
        this.json = json;
    }

    /** Every declaration, as the announcer applies them. */
    public Uni<AnnouncementInterest> load(SqlConnection conn) {
        return conn.query(ALL).execute().map(rows -> {
            Map<String, List<Series>> declared = new HashMap<>();
            for (Row row : rows) {
                declared.computeIfAbsent(row.getString("metric"), m -> new ArrayList<>())
                        .addAll(series(read(row.getString("series"))));
            }
            return new AnnouncementInterest(declared);
        });
    }

    /** A consumer's stored declaration for a metric, locked until the transaction ends; null if it has none. */
    public Uni<Stored> find(SqlConnection conn, String consumer, String metric) {
        return conn.preparedQuery(FIND).execute(Tuple.of(consumer, metric)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new Stored(row.getOffsetDateTime("declared_at").toInstant(), series(read(row.getString("series"))));
        });
    }

    /** A consumer's stored declaration: when it was made and what it declares. */
    public record Stored(Instant declaredAt, Set<Series> series) {}

    public Uni<Void> save(SqlConnection conn, MetricInterest interest) {
        String series;
        try {
            series = json.writeValueAsString(interest.series());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a declaration's series", e);
        }
        return conn.preparedQuery(SAVE)
                .execute(Tuple.of(
                        interest.consumer(),
                        interest.metric(),
                        interest.declaredAt().atOffset(ZoneOffset.UTC),
                        series))
                .replaceWithVoid();
    }

    /** @return how many buckets of the series were made due */
    public Uni<Integer> backfill(SqlConnection conn, String metric, Series series) {
        return conn.preparedQuery(BACKFILL)
                .execute(Tuple.of(
                        metric, series.granularity().id(), series.keys().toArray(String[]::new)))
                .map(RowSet::rowCount);
    }

    /** The series of a declaration (ones of an unknown granularity, which no bucket has, are left out). */
    public static Set<Series> series(List<MetricInterest.Series> declared) {
        Set<Series> series = new HashSet<>();
        for (MetricInterest.Series s : declared) {
            Granularity granularity = Granularity.of(s.granularity());
            if (granularity != null) {
                series.add(new Series(granularity, new HashSet<>(s.dimensions())));
            }
        }
        return series;
    }

    private List<MetricInterest.Series> read(String series) {
        try {
            return json.readValue(series, SERIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rollup_interest.series", e);
        }
    }
}
