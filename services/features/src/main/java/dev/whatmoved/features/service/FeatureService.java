package dev.whatmoved.features.service;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.FeatureCommitted;
import dev.whatmoved.features.domain.Feature;
import dev.whatmoved.features.repository.FeatureRepository;
import dev.whatmoved.features.rest.FeatureRequest;
import dev.whatmoved.kit.outbox.Outbox;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class FeatureService {

    private final FeatureRepository features;
    private final Outbox outbox;

    public FeatureService(FeatureRepository features, Outbox outbox) {
        this.features = features;
        this.outbox = outbox;
    }

    /**
     * Registers a feature and commits its prediction at once (the foundation has no drafts). A committed prediction is
     * frozen, so registering the same key again is a conflict.
     */
    @WithTransaction
    public Uni<Feature> register(FeatureRequest request) {
        return features.findById(request.key()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "feature " + request.key() + " is already committed; its predictions are frozen"));
            }
            Feature feature = new Feature();
            feature.key = request.key();
            feature.metric = request.metric();
            feature.committedAt = Instant.now();
            var event = new FeatureCommitted(
                    feature.key, feature.committedAt, List.of(new FeatureCommitted.Prediction(feature.metric)));
            return features.persist(feature)
                    .call(() -> outbox.append(EventType.FEATURE_COMMITTED, feature.key, feature.key, event));
        });
    }

    @WithSession
    public Uni<Feature> get(String key) {
        return features.findById(key).onItem().ifNull().failWith(() -> ProblemException.notFound("feature", key));
    }
}
