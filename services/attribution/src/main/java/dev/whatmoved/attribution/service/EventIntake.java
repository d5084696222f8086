package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Feature;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.repository.DailyRollupRepository;
import dev.whatmoved.attribution.repository.FeatureRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.events.FeatureCommitted;
import dev.whatmoved.events.MetricRollup;
import dev.whatmoved.events.Prediction;
import dev.whatmoved.events.ReleaseDeployed;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Records what the other services announce. Every effect is idempotent, because Kafka delivers at least once, and
 * tolerant of order, because a release may arrive after the metric data that follows it.
 */
@ApplicationScoped
public class EventIntake {

    private final ReleaseRepository releases;
    private final FeatureRepository features;
    private final DailyRollupRepository rollups;

    public EventIntake(ReleaseRepository releases, FeatureRepository features, DailyRollupRepository rollups) {
        this.releases = releases;
        this.features = features;
        this.rollups = rollups;
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
            return releases.persist(release).replaceWithVoid();
        });
    }

    /** The latest commitment of a feature wins; an older one arriving late is ignored. */
    @WithTransaction
    public Uni<Void> featureCommitted(FeatureCommitted event) {
        return features.findById(event.key()).flatMap(known -> {
            if (known != null && !known.committedAt.isBefore(event.committedAt())) {
                return Uni.createFrom().voidItem();
            }
            Feature feature = known != null ? known : new Feature();
            feature.key = event.key();
            feature.committedAt = event.committedAt();
            feature.metrics = event.predictions().stream()
                    .map(Prediction::metric)
                    .distinct()
                    .toArray(String[]::new);
            return (known != null ? Uni.createFrom().item(feature) : features.persist(feature)).replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<Void> rollupChanged(MetricRollup event) {
        if (!RollupGranularity.DAY.equals(event.granularity())
                || !event.dimensions().isEmpty()) {
            Log.debugf("ignoring %s rollup of %s: only daily totals are used yet", event.granularity(), event.metric());
            return Uni.createFrom().voidItem();
        }
        LocalDate day = LocalDate.ofInstant(event.bucketStart(), ZoneOffset.UTC);
        return rollups.apply(event.metric(), day, event.sum(), event.count(), event.revision())
                .replaceWithVoid();
    }

    /** Granularities named in rollup events. */
    static final class RollupGranularity {
        static final String DAY = "day";

        private RollupGranularity() {}
    }
}
