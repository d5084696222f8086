package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.DailyRollup;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

@ApplicationScoped
public class DailyRollupRepository implements PanacheRepositoryBase<DailyRollup, DailyRollup.Key> {

    public Uni<List<DailyRollup>> between(String metric, LocalDate from, LocalDate to) {
        return list("metric = ?1 and day between ?2 and ?3 order by day", metric, from, to);
    }
}
