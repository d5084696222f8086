package dev.whatmoved.features.repository;

import dev.whatmoved.features.domain.Feature;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
public class FeatureRepository implements PanacheRepositoryBase<Feature, String> {

    /** Which of {@code keys} name a registered feature. */
    public Uni<Set<String>> existingKeys(Collection<String> keys) {
        return list("key in ?1", keys)
                .map(found -> found.stream().map(f -> f.key).collect(Collectors.toSet()));
    }
}
