package dev.whatmoved.features.service;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.FeatureAmended;
import dev.whatmoved.events.FeatureCommitted;
import dev.whatmoved.features.domain.Feature;
import dev.whatmoved.features.domain.PredictionVersion;
import dev.whatmoved.features.intake.TrackerKeys;
import dev.whatmoved.features.repository.FeatureFilter;
import dev.whatmoved.features.repository.FeatureRepository;
import dev.whatmoved.features.repository.PredictionRepository;
import dev.whatmoved.features.repository.ReleaseRepository;
import dev.whatmoved.features.repository.ScorecardRepository;
import dev.whatmoved.kit.outbox.Outbox;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The life of a feature: draft, commit (predictions frozen), amendments, shipping, retirement. */
@ApplicationScoped
public class FeatureService {

    private final FeatureRepository features;
    private final PredictionRepository predictions;
    private final ReleaseRepository releases;
    private final ScorecardRepository scorecard;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    public FeatureService(
            FeatureRepository features,
            PredictionRepository predictions,
            ReleaseRepository releases,
            ScorecardRepository scorecard,
            Outbox outbox) {
        this.features = features;
        this.predictions = predictions;
        this.releases = releases;
        this.scorecard = scorecard;
        this.outbox = outbox;
    }

    /** Registers a draft: its predictions can still be edited until it is committed. */
    @WithTransaction
    public Uni<FeatureDetails> create(FeatureDraft request) {
        PredictionRules.checkAll(request.predictions());
        return features.findById(request.key()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict("feature " + request.key() + " already exists"));
            }
            Feature feature = new Feature();
            feature.key = request.key();
            feature.createdAt = clock.instant();
            describe(feature, request);
            return ticketFree(feature.key, request.tracker())
                    .chain(() -> features.persist(feature))
                    .call(() -> persistPredictions(feature.key, request.predictions()))
                    .flatMap(ignored -> view(feature));
        });
    }

    /** Replaces a draft's description and predictions; a committed feature changes only by amendments. */
    @WithTransaction
    public Uni<FeatureDetails> update(String key, FeatureDraft request) {
        if (!key.equals(request.key())) {
            throw ProblemException.invalid("key", "must be " + key + ", the key in the path");
        }
        PredictionRules.checkAll(request.predictions());
        return load(key).flatMap(feature -> {
            if (!Feature.DRAFT.equals(feature.status)) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict("feature " + key + " is " + feature.statusAt(clock.instant())
                                + ": its predictions are frozen; amend them with POST /api/features/" + key
                                + "/amendments"));
            }
            return ticketFree(key, request.tracker())
                    .invoke(() -> describe(feature, request))
                    .chain(() -> predictions.deleteDrafts(key))
                    .call(() -> predictions.getSession().flatMap(session -> session.flush()))
                    .call(() -> persistPredictions(key, request.predictions()))
                    .flatMap(ignored -> view(feature));
        });
    }

    /** Freezes the predictions and publishes feature.committed. */
    @WithTransaction
    public Uni<FeatureDetails> commit(String key) {
        return load(key).flatMap(feature -> {
            if (!Feature.DRAFT.equals(feature.status)) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "feature " + key + " is " + feature.statusAt(clock.instant()) + ", not a draft"));
            }
            return predictions.history(key).flatMap(history -> {
                if (history.isEmpty()) {
                    return Uni.createFrom()
                            .failure(ProblemException.invalid(
                                    "predictions", "a feature needs at least one prediction to be committed"));
                }
                Instant now = clock.instant();
                feature.status = Feature.COMMITTED;
                feature.committedAt = now;
                history.forEach(p -> p.createdAt = now);
                var event = new FeatureCommitted(
                        feature.key,
                        feature.title,
                        feature.team,
                        feature.owner,
                        feature.trackerKey == null
                                ? null
                                : new FeatureCommitted.Tracker(feature.trackerKey, feature.trackerUrl),
                        now,
                        history.stream().map(PredictionVersion::toEvent).toList());
                return outbox.append(EventType.FEATURE_COMMITTED, key, key, event)
                        .flatMap(ignored -> view(feature));
            });
        });
    }

    /**
     * Adds a new version of a committed prediction with the reason; flags it when the feature has already shipped, so
     * calibration does not count it as a clean prediction.
     */
    @WithTransaction
    public Uni<FeatureDetails> amend(String key, Amendment amendment) {
        PredictionRules.check(amendment.amended(), "amended");
        return load(key).flatMap(feature -> {
            if (Feature.DRAFT.equals(feature.status) || Feature.RETIRED.equals(feature.status)) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict("feature " + key + " is " + feature.status
                                + (Feature.DRAFT.equals(feature.status)
                                        ? ": edit its predictions directly until it is committed"
                                        : ": a retired feature is not amended")));
            }
            return predictions.history(key).flatMap(history -> {
                PredictionVersion current = history.stream()
                        .filter(p -> p.number == amendment.prediction() && p.isCurrent())
                        .findFirst()
                        .orElseThrow(() -> ProblemException.invalid(
                                "prediction", "feature " + key + " has no prediction " + amendment.prediction()));
                if (history.stream()
                        .anyMatch(p -> p.isCurrent()
                                && p.number != current.number
                                && p.metric.equals(amendment.amended().metric()))) {
                    throw ProblemException.invalid(
                            "amended.metric", amendment.amended().metric() + " is predicted by another prediction");
                }
                Instant now = clock.instant();
                current.supersededAt = now;
                PredictionVersion next = version(key, current.number, current.version + 1, amendment.amended(), now);
                next.amendmentReason = amendment.reason();
                next.amendedAfterShip = feature.shippedAt != null;
                if (feature.shippedAt != null) {
                    List<PredictionVersion> afterAmendment = new ArrayList<>(history);
                    afterAmendment.remove(current);
                    afterAmendment.add(next);
                    feature.horizonEndsAt = horizonEnd(feature.shippedAt, afterAmendment);
                }
                var event = new FeatureAmended(
                        key,
                        feature.team,
                        feature.owner,
                        now,
                        next.amendmentReason,
                        next.amendedAfterShip,
                        next.toEvent());
                return predictions
                        .persist(next)
                        .call(() -> outbox.append(EventType.FEATURE_AMENDED, key, key + "#" + next.number, event))
                        .flatMap(ignored -> view(feature));
            });
        });
    }

    @WithTransaction
    public Uni<FeatureDetails> retire(String key) {
        return load(key).flatMap(feature -> {
            if (!Feature.RETIRED.equals(feature.status)) {
                feature.status = Feature.RETIRED;
                feature.retiredAt = clock.instant();
            }
            return view(feature);
        });
    }

    /**
     * Called by release intake, in its transaction: the features a release ships are shipped from its deployment time
     * on (the earliest, should releases arrive out of order).
     */
    public Uni<Void> shipped(Collection<String> keys, Instant deployedAt) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return features.list("key in ?1", keys).flatMap(found -> predictions
                .current(keys)
                .invoke(current -> {
                    for (Feature feature : found) {
                        if (Feature.RETIRED.equals(feature.status)) {
                            continue;
                        }
                        if (feature.shippedAt == null || deployedAt.isBefore(feature.shippedAt)) {
                            feature.shippedAt = deployedAt;
                        }
                        if (Feature.COMMITTED.equals(feature.status)) {
                            feature.status = Feature.SHIPPED;
                        }
                        feature.horizonEndsAt = horizonEnd(
                                feature.shippedAt,
                                current.stream()
                                        .filter(p -> p.featureKey.equals(feature.key))
                                        .toList());
                    }
                })
                .replaceWithVoid());
    }

    @WithSession
    public Uni<FeatureDetails> get(String key) {
        return load(key).flatMap(this::view);
    }

    @WithSession
    public Uni<Page<ListedFeature>> list(String team, String owner, String status, int page, int size) {
        Instant now = clock.instant();
        FeatureFilter filter = new FeatureFilter(team, owner, status, now);
        return features.page(filter, page, size).flatMap(items -> features.count(filter)
                .map(total -> new Page<>(
                        items.stream()
                                .map(f -> new ListedFeature(f, f.statusAt(now)))
                                .toList(),
                        page,
                        size,
                        total)));
    }

    private Uni<Feature> load(String key) {
        return features.findById(key).onItem().ifNull().failWith(() -> ProblemException.notFound("feature", key));
    }

    private Uni<FeatureDetails> view(Feature feature) {
        return predictions.history(feature.key).flatMap(history -> releases.shipping(feature.key)
                .flatMap(shipped -> scorecard
                        .ofFeature(feature.key)
                        .map(scores -> new FeatureDetails(feature, history, shipped, scores, clock.instant()))));
    }

    private Uni<Void> persistPredictions(String key, List<PredictionTerms> requests) {
        Instant now = clock.instant();
        List<PredictionVersion> versions = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            versions.add(version(key, i + 1, 1, requests.get(i), now));
        }
        return versions.isEmpty() ? Uni.createFrom().voidItem() : predictions.persist(versions);
    }

    private static PredictionVersion version(String key, int number, int version, PredictionTerms r, Instant now) {
        PredictionVersion p = new PredictionVersion();
        p.id = UUID.randomUUID();
        p.featureKey = key;
        p.number = number;
        p.version = version;
        p.metric = r.metric();
        p.direction = r.direction();
        p.expectedChangePct = r.expectedChangePct();
        p.lowPct = r.range() == null ? null : r.range().lowPct();
        p.highPct = r.range() == null ? null : r.range().highPct();
        p.confidence = r.confidence();
        p.horizonDays = r.horizonDays();
        p.guardrail = r.guardrail();
        p.tolerancePct = r.tolerancePct();
        p.createdAt = now;
        return p;
    }

    /**
     * Sets, changes or (with null) removes the feature's ticket, in any status: it is how releases find the feature,
     * not part of its frozen predictions.
     */
    @WithTransaction
    public Uni<FeatureDetails> track(String key, Ticket tracker) {
        return load(key).flatMap(feature -> ticketFree(key, tracker)
                .invoke(() -> setTracker(feature, tracker))
                .chain(() -> view(feature)));
    }

    private static void describe(Feature feature, FeatureDraft request) {
        feature.title = request.title();
        feature.team = request.team();
        feature.owner = request.owner();
        feature.problem = request.problem();
        setTracker(feature, request.tracker());
    }

    private static void setTracker(Feature feature, Ticket tracker) {
        feature.trackerKey = tracker == null ? null : tracker.key();
        feature.trackerUrl = tracker == null ? null : tracker.url();
    }

    /**
     * 409 when a feature other than {@code key} carries the ticket: a ticket links releases to one feature only.
     * Asked before the feature changes (a query flushes what the session holds).
     */
    private Uni<Void> ticketFree(String key, Ticket tracker) {
        if (tracker == null) {
            return Uni.createFrom().voidItem();
        }
        return features.byTicket(TrackerKeys.normalized(tracker.key())).map(holder -> {
            if (holder != null && !holder.key.equals(key)) {
                throw ProblemException.conflict("tracker key " + tracker.key() + " belongs to feature " + holder.key
                        + ": a ticket links releases to one feature");
            }
            return null;
        });
    }

    private static Instant horizonEnd(Instant shippedAt, List<PredictionVersion> current) {
        int days = current.stream().mapToInt(p -> p.horizonDays).max().orElse(0);
        return shippedAt.plus(Duration.ofDays(days));
    }
}
