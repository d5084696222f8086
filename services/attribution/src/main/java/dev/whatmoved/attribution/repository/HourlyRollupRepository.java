package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.HourlyRollup;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class HourlyRollupRepository implements PanacheRepositoryBase<HourlyRollup, HourlyRollup.Key> {

    /** The hours starting in {@code [from, to)}. */
    public Uni<List<HourlyRollup>> between(String metric, Instant from, Instant to) {
        return list("metric = ?1 and hour >= ?2 and hour < ?3 order by hour", metric, from, to);
    }
}
