package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.Feature;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class FeatureRepository implements PanacheRepositoryBase<Feature, String> {

    /** Committed features of the team and the owner (either may be null: any). */
    public Uni<List<Feature>> of(String team, String owner) {
        if (team != null && owner != null) {
            return list("committedAt is not null and team = ?1 and owner = ?2", team, owner);
        }
        if (team != null) {
            return list("committedAt is not null and team = ?1", team);
        }
        if (owner != null) {
            return list("committedAt is not null and owner = ?1", owner);
        }
        return list("committedAt is not null");
    }

    public Uni<List<Feature>> findByKeys(Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().item(List.of()) : list("key in ?1", keys);
    }
}
