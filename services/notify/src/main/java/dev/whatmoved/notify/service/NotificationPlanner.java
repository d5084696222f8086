package dev.whatmoved.notify.service;

import dev.whatmoved.events.FeatureAmended;
import dev.whatmoved.events.OutcomeGuardrailBreached;
import dev.whatmoved.events.OutcomeMeasured;
import dev.whatmoved.events.ReleaseDeployed;
import dev.whatmoved.notify.domain.Message;
import dev.whatmoved.notify.domain.NotificationKind;
import dev.whatmoved.notify.repository.FactRepository;
import dev.whatmoved.notify.repository.FactRepository.KnownFeature;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which notifications an event calls for and which teams they concern, from the facts notify has learned
 * (features' teams and horizons, services' teams). Runs inside the event's transaction.
 */
final class NotificationPlanner {

    /** The last checkpoint: an outcome at it is final when notify never saw the prediction's horizon. */
    static final int LAST_CHECKPOINT_DAYS = 90;

    private final FactRepository facts;
    private final MessageTexts texts;

    NotificationPlanner(FactRepository facts, MessageTexts texts) {
        this.facts = facts;
        this.texts = texts;
    }

    /**
     * A verdict is news when it is the outcome's first or differs from the last one notified. The final read (at the
     * prediction's horizon) is always told; an early read only when it is decisive (moved either way), since an early
     * look that cannot tell yet is the normal case. Guardrails speak through their breach events instead.
     */
    Uni<List<PlannedNotification>> measured(SqlConnection conn, OutcomeMeasured o) {
        if ("pending".equals(o.verdict())) {
            return none();
        }
        Uni<Void> seen =
                facts.outcomeSeen(conn, o.releaseId(), o.featureKey(), o.predictionNumber(), o.checkpointDays());
        if (Boolean.TRUE.equals(o.guardrail())) {
            return seen.replaceWith(List.of());
        }
        return seen.chain(() -> facts.verdictIsNews(conn, o.outcomeId(), o.verdict(), o.version()))
                .chain(news -> {
                    if (!news) {
                        return none();
                    }
                    return facts.feature(conn, o.featureKey())
                            .chain(feature -> facts.horizonDays(conn, o.featureKey(), o.predictionNumber())
                                    .map(horizon -> {
                                        int horizonDays = horizon.orElse(LAST_CHECKPOINT_DAYS);
                                        boolean finalRead = o.checkpointDays() >= horizonDays;
                                        if (!finalRead && !o.verdict().startsWith("moved-")) {
                                            return List.<PlannedNotification>of();
                                        }
                                        return List.of(new PlannedNotification(
                                                finalRead
                                                        ? NotificationKind.VERDICT_FINAL
                                                        : NotificationKind.VERDICT_EARLY_READ,
                                                teams(feature),
                                                o.service(),
                                                texts.verdict(o, title(feature), finalRead, horizonDays)
                                                        .withTracker(tracker(feature))));
                                    }));
                });
    }

    Uni<List<PlannedNotification>> breached(SqlConnection conn, OutcomeGuardrailBreached b) {
        return facts.feature(conn, b.featureKey())
                .map(feature -> List.of(new PlannedNotification(
                        NotificationKind.GUARDRAIL_BREACHED,
                        teams(feature),
                        b.service(),
                        texts.guardrailBreached(b, title(feature)).withTracker(tracker(feature)))));
    }

    /**
     * A release teaches notify which teams own its service (those of its committed features), then nudges: no linked
     * feature at all, or a linked feature without a committed prediction. A rollback deployment nudges nobody.
     */
    Uni<List<PlannedNotification>> release(SqlConnection conn, ReleaseDeployed r) {
        List<String> keys = r.features() == null ? List.of() : r.features();
        return Multi.createFrom()
                .iterable(keys)
                .onItem()
                .transformToUniAndConcatenate(key -> facts.feature(conn, key).map(f -> new Linked(key, f)))
                .collect()
                .asList()
                .chain(linked -> learn(conn, r, linked)
                        .chain(() -> facts.teamsOfService(conn, r.service()))
                        .map(serviceTeams -> nudges(r, linked, serviceTeams)));
    }

    /** The teams of the release's committed features own its service; their checkpoints are now pending. */
    private Uni<Void> learn(SqlConnection conn, ReleaseDeployed r, List<Linked> linked) {
        List<KnownFeature> committed = linked.stream()
                .flatMap(l -> l.feature().stream())
                .filter(KnownFeature::committed)
                .toList();
        return Multi.createFrom()
                .iterable(committed)
                .onItem()
                .transformToUniAndConcatenate(f -> (f.team() == null
                                ? Uni.createFrom().voidItem()
                                : facts.serviceBelongsTo(conn, r.service(), f.team()))
                        .chain(() -> facts.releaseLinked(
                                conn, r.releaseId(), f.key(), r.service(), r.environment(), r.deployedAt())))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private List<PlannedNotification> nudges(ReleaseDeployed r, List<Linked> linked, Set<String> serviceTeams) {
        if (r.rollbackOf() != null) {
            return List.of();
        }
        List<PlannedNotification> planned = new ArrayList<>();
        if (linked.isEmpty()) {
            planned.add(new PlannedNotification(
                    NotificationKind.RELEASE_UNLINKED, serviceTeams, r.service(), texts.releaseUnlinked(r)));
        }
        for (Linked l : linked) {
            if (l.feature().map(KnownFeature::committed).orElse(false)) {
                continue;
            }
            Set<String> teams = new HashSet<>(serviceTeams);
            l.feature().map(KnownFeature::team).ifPresent(teams::add);
            planned.add(new PlannedNotification(
                    NotificationKind.FEATURE_UNPREDICTED,
                    teams,
                    r.service(),
                    texts.featureUnpredicted(r, l.key()).withTracker(tracker(l.feature()))));
        }
        return planned;
    }

    Uni<List<PlannedNotification>> amended(SqlConnection conn, FeatureAmended a) {
        if (!a.amendedAfterShip()) {
            return none();
        }
        Set<String> teams = a.team() == null ? Set.of() : Set.of(a.team());
        return facts.feature(conn, a.key()).map(feature -> {
            Set<String> all = new HashSet<>(teams);
            all.addAll(teams(feature));
            return List.of(new PlannedNotification(
                    NotificationKind.PREDICTION_AMENDED_AFTER_SHIP,
                    all,
                    null,
                    texts.amendedAfterShip(a).withTracker(tracker(feature))));
        });
    }

    private record Linked(String key, Optional<KnownFeature> feature) {}

    private static Set<String> teams(Optional<KnownFeature> feature) {
        return feature.map(KnownFeature::team)
                .filter(t -> t != null)
                .map(Set::of)
                .orElse(Set.of());
    }

    private static String title(Optional<KnownFeature> feature) {
        return feature.map(KnownFeature::title).orElse(null);
    }

    private static Message.Tracker tracker(Optional<KnownFeature> feature) {
        return feature.map(KnownFeature::tracker).orElse(null);
    }

    private static Uni<List<PlannedNotification>> none() {
        return Uni.createFrom().item(List.of());
    }
}
