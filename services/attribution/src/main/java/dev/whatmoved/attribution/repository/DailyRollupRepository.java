package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.DailyRollup;
import dev.whatmoved.events.MetricRollup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

@ApplicationScoped
public class DailyRollupRepository implements PanacheRepositoryBase<DailyRollup, DailyRollup.Key> {

    /** Keeps the bucket's highest revision: a replayed or late, older state changes nothing. */
    private static final String APPLY =
            """
            insert into daily_rollup (metric, day, sum, count, denominator, last, aggregation, revision)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            on conflict (metric, day) do update
               set sum = excluded.sum, count = excluded.count, denominator = excluded.denominator,
                   last = excluded.last, aggregation = excluded.aggregation, revision = excluded.revision
             where daily_rollup.revision < excluded.revision
            """;

    /** @return whether the state was newer than the stored one */
    public Uni<Boolean> apply(LocalDate day, MetricRollup event) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(APPLY)
                        .setParameter(1, event.metric())
                        .setParameter(2, day)
                        .setParameter(3, event.sum())
                        .setParameter(4, event.count())
                        .setParameter(5, event.denominator())
                        .setParameter(6, event.last())
                        .setParameter(7, event.aggregation())
                        .setParameter(8, event.revision())
                        .executeUpdate())
                .map(updated -> updated > 0);
    }

    public Uni<List<DailyRollup>> between(String metric, LocalDate from, LocalDate to) {
        return list("metric = ?1 and day between ?2 and ?3 order by day", metric, from, to);
    }
}
