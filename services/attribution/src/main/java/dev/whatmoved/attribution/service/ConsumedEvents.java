package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Feature;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.repository.CheckpointRepository;
import dev.whatmoved.attribution.repository.FeatureRepository;
import dev.whatmoved.attribution.repository.PredictionRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.attribution.repository.RollbackRepository;
import dev.whatmoved.events.FeatureAmended;
import dev.whatmoved.events.FeatureCommitted;
import dev.whatmoved.events.ReleaseDeployed;
import dev.whatmoved.events.ReleaseRolledBack;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records what the other services announce and keeps the checkpoints in line with it. Events of different topics are
 * applied concurrently: each writes its own fact, then locks the feature keys it plans for, then reads the others'
 * facts ({@link CheckpointRepository#lockFeatures}), so a release and its feature's commitment arriving together cannot
 * both miss each other. Every effect is idempotent,
 * because Kafka delivers at least once, and tolerant of order, because a release may arrive after the metric data that
 * follows it, an amendment before its commitment, a rollback before its release. Nothing is computed here: events
 * create checkpoints or mark computed ones stale, and the outcome job (re)computes them (see {@link OutcomeEngine}).
 */
@ApplicationScoped
public class ConsumedEvents {

    private final ReleaseRepository releases;
    private final FeatureRepository features;
    private final PredictionRepository predictions;
    private final RollbackRepository rollbacks;
    private final CheckpointRepository checkpoints;
    private final CheckpointPlanner planner;
    private final SeriesDeclarations declarations;

    public ConsumedEvents(
            ReleaseRepository releases,
            FeatureRepository features,
            PredictionRepository predictions,
            RollbackRepository rollbacks,
            CheckpointRepository checkpoints,
            CheckpointPlanner planner,
            SeriesDeclarations declarations) {
        this.declarations = declarations;
        this.releases = releases;
        this.features = features;
        this.predictions = predictions;
        this.rollbacks = rollbacks;
        this.checkpoints = checkpoints;
        this.planner = planner;
    }

    /** A release is immutable once announced: a redelivery finds it stored and changes nothing. */
    @WithTransaction
    public Uni<Void> releaseDeployed(ReleaseDeployed event) {
        return releases.findById(event.releaseId()).flatMap(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem();
            }
            Release release = new Release();
            release.id = event.releaseId();
            release.service = event.service();
            release.version = event.version();
            release.environment = event.environment();
            release.commit = event.commit();
            release.deployedAt = event.deployedAt();
            release.features = event.features().toArray(String[]::new);
            release.rollbackOf = event.rollbackOf();
            release.receivedAt = Instant.now();
            return releases.persist(release)
                    .chain(() -> checkpoints.lockFeatures(List.of(release.features)))
                    .chain(() -> planner.planRelease(release))
                    .chain(() -> planner.metricsOf(release))
                    .chain(metrics -> planner.touchAround(release, metrics));
        });
    }

    /** The earliest rollback wins; it ends the release's post-periods and the step it is in others' windows. */
    @WithTransaction
    public Uni<Void> releaseRolledBack(ReleaseRolledBack event) {
        return rollbacks
                .apply(event)
                .flatMap(changed -> !changed
                        ? Uni.createFrom().voidItem()
                        : releases.findById(event.releaseId())
                                .flatMap(release -> release == null
                                        ? Uni.createFrom().voidItem()
                                        : checkpoints
                                                .lockFeatures(List.of(release.features))
                                                .chain(() -> planner.planRelease(release))
                                                .chain(() -> planner.metricsOf(release))
                                                .chain(metrics -> planner.touchAround(release, metrics))));
    }

    /**
     * The feature's predictions at commitment; a version already superseded by an amendment that arrived first is
     * ignored. The feature's description follows its latest commitment.
     */
    @WithTransaction
    public Uni<Void> featureCommitted(FeatureCommitted event) {
        return features.findById(event.key())
                .flatMap(known -> {
                    if (known != null
                            && known.committedAt != null
                            && !known.committedAt.isBefore(event.committedAt())) {
                        return Uni.createFrom().voidItem();
                    }
                    Feature feature = known != null ? known : new Feature();
                    feature.key = event.key();
                    feature.committedAt = event.committedAt();
                    feature.title = event.title();
                    feature.team = event.team();
                    feature.owner = event.owner();
                    return known != null
                            ? Uni.createFrom().voidItem()
                            : features.persist(feature).replaceWithVoid();
                })
                .chain(() -> applyPredictions(event.key(), event.predictions(), event.committedAt(), false));
    }

    /** A new version of one prediction replaces the current one; an older or redelivered version changes nothing. */
    @WithTransaction
    public Uni<Void> featureAmended(FeatureAmended event) {
        return features.findById(event.key())
                .flatMap(known -> {
                    if (known != null) {
                        if (event.team() != null) {
                            known.team = event.team();
                        }
                        if (event.owner() != null) {
                            known.owner = event.owner();
                        }
                        return Uni.createFrom().voidItem();
                    }
                    Feature feature = new Feature();
                    feature.key = event.key();
                    feature.team = event.team();
                    feature.owner = event.owner();
                    return features.persist(feature).replaceWithVoid();
                })
                .chain(() -> applyPredictions(
                        event.key(), List.of(event.prediction()), event.amendedAt(), event.amendedAfterShip()));
    }

    private Uni<Void> applyPredictions(
            String featureKey, List<dev.whatmoved.events.Prediction> versions, Instant at, boolean afterShip) {
        // the metrics before and after: a release of this feature no longer confounds a metric an amendment dropped
        return predictions.ofFeatures(List.of(featureKey)).flatMap(before -> {
            Set<String> metrics = new TreeSet<>();
            before.stream().map(p -> p.metric).forEach(metrics::add);
            versions.forEach(p -> metrics.add(p.metric()));
            return Multi.createFrom()
                    .iterable(versions)
                    .onItem()
                    .transformToUniAndConcatenate(p -> predictions.apply(featureKey, p, at, afterShip))
                    .collect()
                    .asList()
                    .flatMap(applied -> applied.contains(Boolean.TRUE)
                            ? checkpoints
                                    .lockFeatures(List.of(featureKey))
                                    .chain(() -> planner.planFeature(featureKey, metrics))
                                    // what metrics announces follows the predictions (SeriesDeclarations)
                                    .chain(() -> declarations.declare(metrics))
                            : Uni.createFrom().voidItem());
        });
    }
}
