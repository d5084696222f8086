package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.DailyRollup;
import dev.whatmoved.events.MetricRollup;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

@ApplicationScoped
public class DailyRollupRepository implements PanacheRepositoryBase<DailyRollup, DailyRollup.Key> {

    private static final RollupUpsert UPSERT = new RollupUpsert("daily_rollup", "day");

    /** @return whether the state was newer than the stored one */
    public Uni<Boolean> apply(LocalDate day, MetricRollup event) {
        return UPSERT.apply(day, event);
    }

    public Uni<List<DailyRollup>> between(String metric, LocalDate from, LocalDate to) {
        return list("metric = ?1 and day between ?2 and ?3 order by day", metric, from, to);
    }
}
