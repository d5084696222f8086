package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.HourlyRollup;
import dev.whatmoved.events.MetricRollup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class HourlyRollupRepository implements PanacheRepositoryBase<HourlyRollup, HourlyRollup.Key> {

    /** Keeps the bucket's highest revision: a replayed or late, older state changes nothing. */
    private static final String APPLY =
            """
            insert into hourly_rollup (metric, hour, sum, count, denominator, last, aggregation, revision)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            on conflict (metric, hour) do update
               set sum = excluded.sum, count = excluded.count, denominator = excluded.denominator,
                   last = excluded.last, aggregation = excluded.aggregation, revision = excluded.revision
             where hourly_rollup.revision < excluded.revision
            """;

    /** @return whether the state was newer than the stored one */
    public Uni<Boolean> apply(MetricRollup event) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(APPLY)
                        .setParameter(1, event.metric())
                        .setParameter(2, event.bucketStart())
                        .setParameter(3, event.sum())
                        .setParameter(4, event.count())
                        .setParameter(5, event.denominator())
                        .setParameter(6, event.last())
                        .setParameter(7, event.aggregation())
                        .setParameter(8, event.revision())
                        .executeUpdate())
                .map(updated -> updated > 0);
    }

    /** The hours starting in {@code [from, to)}. */
    public Uni<List<HourlyRollup>> between(String metric, Instant from, Instant to) {
        return list("metric = ?1 and hour >= ?2 and hour < ?3 order by hour", metric, from, to);
    }
}
