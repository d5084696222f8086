package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.DailyRollup;
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
            insert into daily_rollup (metric, day, sum, count, revision)
            values (?1, ?2, ?3, ?4, ?5)
            on conflict (metric, day) do update
               set sum = excluded.sum, count = excluded.count, revision = excluded.revision
             where daily_rollup.revision < excluded.revision
            """;

    /** @return whether the state was newer than the stored one */
    public Uni<Boolean> apply(String metric, LocalDate day, double sum, long count, long revision) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(APPLY)
                        .setParameter(1, metric)
                        .setParameter(2, day)
                        .setParameter(3, sum)
                        .setParameter(4, count)
                        .setParameter(5, revision)
                        .executeUpdate())
                .map(updated -> updated > 0);
    }

    public Uni<List<DailyRollup>> between(String metric, LocalDate from, LocalDate to) {
        return list("metric = ?1 and day between ?2 and ?3 order by day", metric, from, to);
    }
}
