package dev.whatmoved.features.repository;

import dev.whatmoved.features.domain.PredictionVersion;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PredictionRepository implements PanacheRepositoryBase<PredictionVersion, UUID> {

    /** Every version of every prediction of a feature, by number then version. */
    public Uni<List<PredictionVersion>> history(String featureKey) {
        return list("featureKey", Sort.by("number").and("version"), featureKey);
    }

    /** The current versions of the predictions of these features. */
    public Uni<List<PredictionVersion>> current(Collection<String> featureKeys) {
        return list(
                "featureKey in ?1 and supersededAt is null",
                Sort.by("featureKey").and("number"),
                featureKeys);
    }

    public Uni<Long> deleteDrafts(String featureKey) {
        return delete("featureKey", featureKey);
    }
}
