package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.Outcome;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OutcomeRepository implements PanacheRepositoryBase<Outcome, Outcome.Key> {

    private static final String LATEST =
            "select o from Outcome o, Checkpoint c where c.id = o.checkpointId and o.version = c.version";

    /** The latest version of each outcome of the release. */
    public Uni<List<Outcome>> latestOfRelease(UUID releaseId) {
        return find(LATEST + " and c.releaseId = ?1", releaseId).list();
    }

    /** The latest version of each outcome of the feature. */
    public Uni<List<Outcome>> latestOfFeature(String featureKey) {
        return find(LATEST + " and c.featureKey = ?1", featureKey).list();
    }

    /** The latest version of each outcome of the features. */
    public Uni<List<Outcome>> latestOfFeatures(java.util.Collection<String> featureKeys) {
        return featureKeys.isEmpty()
                ? Uni.createFrom().item(List.of())
                : find(LATEST + " and c.featureKey in ?1", featureKeys).list();
    }

    /** The latest version of each outcome on the metric of a release deployed in {@code [from, to)}. */
    public Uni<List<Outcome>> latestOfMetric(String metric, Instant from, Instant to) {
        return find(
                        LATEST + " and c.metric = ?1 and o.metric = ?1 and exists (select 1 from Release r"
                                + " where r.id = o.releaseId and r.deployedAt >= ?2 and r.deployedAt < ?3)"
                                + " order by o.releaseId, o.featureKey, o.predictionNumber, o.checkpointDays",
                        metric,
                        from,
                        to)
                .list();
    }
}
