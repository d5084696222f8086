package dev.whatmoved.features.service;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.ReleaseDeployed;
import dev.whatmoved.events.ReleaseRolledBack;
import dev.whatmoved.features.domain.Release;
import dev.whatmoved.features.intake.FeatureLinker;
import dev.whatmoved.features.intake.IntakeConfig;
import dev.whatmoved.features.intake.IntakeMetrics;
import dev.whatmoved.features.intake.IntakeResult;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.features.intake.RollbackDetector;
import dev.whatmoved.features.intake.TrackerKeys;
import dev.whatmoved.features.repository.FeatureRepository;
import dev.whatmoved.features.repository.ReleaseFilter;
import dev.whatmoved.features.repository.ReleaseRepository;
import dev.whatmoved.kit.outbox.Outbox;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Release intake: every format ends here, so deduplication, linking and rollbacks work the same for all. */
@ApplicationScoped
public class ReleaseService {

    static final String DELIVERY_INDEX = "release_source_delivery";
    private static final String UNIQUE_VIOLATION = "23505";

    private final ReleaseRepository releases;
    private final FeatureRepository features;
    private final IntakeConfig config;
    private final Outbox outbox;
    private final FeatureService lifecycle;
    private final IntakeMetrics intakeMetrics;

    public ReleaseService(
            ReleaseRepository releases,
            FeatureRepository features,
            IntakeConfig config,
            Outbox outbox,
            FeatureService lifecycle,
            IntakeMetrics intakeMetrics) {
        this.releases = releases;
        this.features = features;
        this.config = config;
        this.outbox = outbox;
        this.lifecycle = lifecycle;
        this.intakeMetrics = intakeMetrics;
    }

    /**
     * Stores the release with the features it ships, marks what it rolls back, and writes release.deployed (and
     * release.rolledback) to the outbox, all in one transaction. A delivery seen before changes nothing, also when the
     * same delivery arrives twice at once (over HTTP and Kafka, say): the loser of the race finds the winner's release.
     */
    public Uni<IntakeResult> intake(ReleaseIntake intake) {
        return Panache.withTransaction(() -> seen(intake)
                        .flatMap(existing -> existing != null
                                ? Uni.createFrom().item(new IntakeResult(existing, false))
                                : linkedFeatures(intake)
                                        .flatMap(keys -> store(intake, keys))
                                        .map(r -> new IntakeResult(r, true))))
                .onFailure(ReleaseService::isDuplicateDelivery)
                .recoverWithUni(duplicate -> Panache.withSession(() -> seen(intake))
                        .onItem()
                        .ifNull()
                        .failWith(() -> duplicate)
                        .map(existing -> new IntakeResult(existing, false)))
                .invoke(result -> intakeMetrics.count(intake.source(), result));
    }

    private Uni<Release> seen(ReleaseIntake intake) {
        return intake.deliveryId() == null
                ? Uni.createFrom().nullItem()
                : releases.findByDelivery(intake.source(), intake.deliveryId());
    }

    /**
     * The unique index on (source, delivery id) refused a second insert of the same delivery: a unique violation
     * ({@code 23505}) naming that index, not any other error that names it (an over-long id, say).
     */
    static boolean isDuplicateDelivery(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String state = cause instanceof SQLException sql
                    ? sql.getSQLState()
                    : cause instanceof PgException pg ? pg.getSqlState() : null;
            if (UNIQUE_VIOLATION.equals(state)
                    && cause.getMessage() != null
                    && cause.getMessage().contains(DELIVERY_INDEX)) {
                return true;
            }
        }
        return false;
    }

    @WithSession
    public Uni<Page<Release>> list(ReleaseFilter filter, int page, int size) {
        return releases.page(filter, page, size)
                .flatMap(items -> releases.count(filter).map(total -> new Page<>(items, page, size, total)));
    }

    @WithSession
    public Uni<Release> get(UUID id) {
        return releases.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("release", id));
    }

    /**
     * The features a release ships: named by the report, by trailers, by the service's configuration, by a bracketed
     * key of a registered feature, and by a ticket of the team's tracker a feature carries.
     */
    private Uni<List<String>> linkedFeatures(ReleaseIntake intake) {
        Set<String> keys = new LinkedHashSet<>(intake.features());
        keys.addAll(FeatureLinker.trailerKeys(intake.texts()));
        keys.addAll(config.serviceFeatures().getOrDefault(intake.service(), List.of()));
        Set<String> candidates = FeatureLinker.bracketCandidates(intake.texts());
        candidates.removeAll(keys);
        Uni<Void> brackets = candidates.isEmpty()
                ? Uni.createFrom().voidItem()
                : features.existingKeys(candidates)
                        .invoke(known -> keys.addAll(FeatureLinker.bracketKeys(intake.texts(), known::contains)))
                        .replaceWithVoid();
        Set<String> tickets = TrackerKeys.candidates(intake.texts());
        return brackets.chain(() -> tickets.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : features.keysOfTickets(tickets).invoke(keys::addAll).replaceWithVoid())
                .map(ignored -> List.copyOf(keys));
    }

    private Uni<Release> store(ReleaseIntake intake, List<String> featureKeys) {
        Release release = new Release();
        release.id = UUID.randomUUID();
        release.source = intake.source();
        release.deliveryId = intake.deliveryId();
        release.service = intake.service().strip();
        release.version = intake.version().strip();
        release.environment = intake.environment().strip();
        release.commit = intake.commit();
        release.deployedAt = intake.deployedAt();
        release.receivedAt = Instant.now();
        release.creator = intake.creator();
        release.description = intake.description();
        release.features = featureKeys.toArray(String[]::new);
        return releases.before(release.service, release.environment, release.deployedAt)
                .map(earlier -> RollbackDetector.detect(intake, earlier))
                .flatMap(rollback -> {
                    rollback.ifPresent(r -> release.rollbackOf = r.release().id);
                    return releases.persist(release)
                            .call(() -> outbox.append(
                                    EventType.RELEASE_DEPLOYED,
                                    release.service,
                                    release.id.toString(),
                                    deployed(release, featureKeys)))
                            .call(() -> markRolledBack(rollback, release))
                            .call(() -> lifecycle.shipped(featureKeys, release.deployedAt));
                });
    }

    private Uni<Void> markRolledBack(Optional<RollbackDetector.Rollback> rollback, Release by) {
        if (rollback.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Release rolledBack = rollback.get().release();
        rolledBack.state = Release.STATE_ROLLED_BACK;
        rolledBack.rolledBackAt = by.deployedAt;
        rolledBack.rolledBackBy = by.id;
        var event = new ReleaseRolledBack(
                rolledBack.id,
                rolledBack.service,
                rolledBack.version,
                rolledBack.environment,
                by.deployedAt,
                by.id,
                rollback.get().reason());
        return outbox.append(EventType.RELEASE_ROLLED_BACK, rolledBack.service, rolledBack.id.toString(), event)
                .replaceWithVoid();
    }

    private static ReleaseDeployed deployed(Release release, List<String> featureKeys) {
        return new ReleaseDeployed(
                release.id,
                release.service,
                release.version,
                release.environment,
                release.commit,
                release.deployedAt,
                featureKeys,
                release.source,
                release.rollbackOf);
    }
}
