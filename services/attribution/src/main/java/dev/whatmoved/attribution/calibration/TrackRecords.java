package dev.whatmoved.attribution.calibration;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Feature;
import dev.whatmoved.attribution.domain.Outcome;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the {@link TrackRecord}s of features from what attribution knows (plain Java over the stored facts). A
 * feature ships with its first release (the earliest deployment linking it that is not itself a rollback); a
 * prediction is judged by that release's latest measured checkpoint, i.e. the longest horizon measured so far (an "early read" until the
 * checkpoint at the prediction's horizon is measured). Later
 * releases of the same feature are measured too (see the release and feature outcomes) but do not score the
 * prediction twice.
 */
public final class TrackRecords {

    /** The checkpoints of a prediction (as {@code whatmoved.outcomes.checkpoints} defaults them). */
    static final List<Integer> CHECKPOINTS = List.of(1, 7, 14, 30, 60, 90);

    private final Map<String, Release> firstRelease = new HashMap<>();
    /** Per feature, when the first release linking it was received (reported), if known. */
    private final Map<String, Instant> firstReceived = new HashMap<>();

    private final Map<UUID, Map<String, Outcome>> latestByRelease = new HashMap<>();

    public TrackRecords(List<Release> releases, List<Checkpoint> checkpoints, List<Outcome> latestOutcomes) {
        releases.stream()
                .filter(release -> release.rollbackOf == null)
                .sorted(Comparator.comparing((Release r) -> r.deployedAt).thenComparing(r -> r.id))
                .forEach(release -> {
                    for (String feature : release.features) {
                        firstRelease.putIfAbsent(feature, release);
                        if (release.receivedAt != null) {
                            firstReceived.merge(feature, release.receivedAt, (a, b) -> a.isBefore(b) ? a : b);
                        }
                    }
                });
        Map<UUID, Outcome> byCheckpoint = new HashMap<>();
        latestOutcomes.forEach(outcome -> byCheckpoint.put(outcome.checkpointId, outcome));
        for (Checkpoint checkpoint : checkpoints) {
            Outcome outcome = byCheckpoint.get(checkpoint.id);
            if (outcome == null) {
                continue;
            }
            latestByRelease
                    .computeIfAbsent(checkpoint.releaseId, id -> new HashMap<>())
                    .merge(
                            checkpoint.featureKey + "#" + checkpoint.predictionNumber,
                            outcome,
                            (a, b) -> b.checkpointDays > a.checkpointDays ? b : a);
        }
    }

    /** The release that shipped the feature, if any. */
    public Optional<Release> shipOf(String featureKey) {
        return Optional.ofNullable(firstRelease.get(featureKey));
    }

    /** The track records of the predictions of shipped features (unshipped features have nothing to score yet). */
    public List<TrackRecord> of(List<Feature> features, List<Prediction> predictions) {
        Map<String, Feature> byKey = new HashMap<>();
        features.forEach(feature -> byKey.put(feature.key, feature));
        List<TrackRecord> records = new ArrayList<>();
        predictions.stream()
                .sorted(Comparator.comparing((Prediction p) -> p.featureKey).thenComparingInt(p -> p.number))
                .forEach(prediction -> {
                    Feature feature = byKey.get(prediction.featureKey);
                    Release ship = firstRelease.get(prediction.featureKey);
                    if (feature != null && ship != null) {
                        records.add(record(feature, prediction, ship));
                    }
                });
        return records;
    }

    private TrackRecord record(Feature feature, Prediction prediction, Release ship) {
        Outcome outcome =
                latestByRelease.getOrDefault(ship.id, Map.of()).get(prediction.featureKey + "#" + prediction.number);
        return new TrackRecord(
                feature.key,
                feature.title,
                feature.team,
                feature.owner,
                prediction.number,
                prediction.metric,
                prediction.direction,
                prediction.expectedChangePct,
                prediction.lowPct,
                prediction.highPct,
                prediction.confidence,
                prediction.guardrail,
                prediction.amendedAfterShip,
                committedAfterShip(feature, prediction, firstReceived.get(feature.key)),
                LocalDate.ofInstant(ship.deployedAt, ZoneOffset.UTC),
                ship.id,
                outcome == null ? null : outcome.checkpointDays,
                outcome == null ? TrackRecord.PENDING : outcome.verdict,
                percent(outcome == null ? null : outcome.relEffect),
                percent(outcome == null ? null : outcome.relEffectLower),
                percent(outcome == null ? null : outcome.relEffectUpper),
                outcome != null && outcome.checkpointDays < lastLook(prediction.horizonDays));
    }

    /**
     * Whether the prediction was committed after the feature shipped: after a release linking the feature had been
     * reported (received), which is when features itself counts a feature as shipped (and flags an amendment
     * {@code amendedAfterShip}). Not the release's {@code deployedAt}: a replayed quarter reports its releases backdated
     * after the predictions were committed, and those predictions were made first. A first version was committed when
     * it was recorded (with the feature's commitment, or by the amendment that added it); a later version's original
     * commitment is the feature's. Unknown (no reception time, a feature known only from amendments) is not flagged.
     */
    static boolean committedAfterShip(Feature feature, Prediction prediction, Instant firstReceived) {
        Instant committed =
                prediction.version == 1 && prediction.recordedAt != null ? prediction.recordedAt : feature.committedAt;
        return committed != null && firstReceived != null && committed.isAfter(firstReceived);
    }

    /** The prediction's last checkpoint: the longest of the standard checkpoints within its horizon. */
    static int lastLook(int horizonDays) {
        int last = CHECKPOINTS.get(0);
        for (int days : CHECKPOINTS) {
            if (days <= horizonDays) {
                last = days;
            }
        }
        return last;
    }

    private static Double percent(Double fraction) {
        return fraction == null ? null : fraction * 100;
    }
}
