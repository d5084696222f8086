package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.Feature;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class FeatureRepository implements PanacheRepositoryBase<Feature, String> {

    public Uni<List<Feature>> findByKeys(Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().item(List.of()) : list("key in ?1", keys);
    }
}
