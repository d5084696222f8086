package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.repository.CheckpointRepository;
import dev.whatmoved.attribution.repository.PredictionRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.attribution.repository.RollbackRepository;
import dev.whatmoved.kit.outage.Unreachable;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Computes the outcomes of due checkpoints, batch after batch: each in its own transaction, which claims (locks) the
 * checkpoint and loads its release, prediction and rollback; {@link CheckpointMeasurement} reads the rollups and runs
 * the model, {@link OutcomeRecorder} writes the outcome version together with its {@code outcome.measured.v1} (and,
 * for a breached guardrail, {@code outcome.guardrail-breached.v1}) event through the outbox. A recomputation whose
 * inputs did not change (same fingerprint) clears the stale mark and makes no new version. A failure is recorded
 * against the checkpoint for a later retry.
 */
@ApplicationScoped
public class OutcomeEngine {

    public static final String METHOD = "state-space";
    public static final String VALUE = "daily sum";
    /** Batches in one run at most (10,000 checkpoints at the default batch); the next run goes on. */
    static final int MAX_ROUNDS = 50;

    private final CheckpointRepository checkpoints;
    private final ReleaseRepository releases;
    private final RollbackRepository rollbacks;
    private final PredictionRepository predictions;
    private final OutcomesConfig config;
    private final CheckpointMeasurement measurement;

    public OutcomeEngine(
            CheckpointRepository checkpoints,
            ReleaseRepository releases,
            RollbackRepository rollbacks,
            PredictionRepository predictions,
            OutcomesConfig config,
            CheckpointMeasurement measurement) {
        this.checkpoints = checkpoints;
        this.releases = releases;
        this.rollbacks = rollbacks;
        this.predictions = predictions;
        this.config = config;
        this.measurement = measurement;
    }

    /**
     * (Re)computes the checkpoints due at {@code now} that are stale, batch after batch while work is due; returns how
     * many new outcome versions were written. Must run on a Vert.x context (the job and the tests use {@code VertxContextSupport}).
     */
    public Uni<Integer> refresh(Instant now) {
        return refreshRounds(now, 0, 1);
    }

    /**
     * Batch after batch while a full batch was due and the last one made progress (a backlog after an outage is
     * caught up in one run instead of one batch a minute), at most {@link #MAX_ROUNDS} batches per run.
     */
    private Uni<Integer> refreshRounds(Instant now, int measuredSoFar, int round) {
        return refreshBatch(now).flatMap(batch -> {
            int measured = measuredSoFar + batch.measured();
            boolean more = batch.due() >= config.job().batch() && batch.measured() > 0 && round < MAX_ROUNDS;
            return more
                    ? refreshRounds(now, measured, round + 1)
                    : Uni.createFrom().item(measured);
        });
    }

    /** Checkpoints found due in one batch, and how many of them got a new outcome version. */
    private record Batch(int due, int measured) {}

    private Uni<Batch> refreshBatch(Instant now) {
        return Panache.withSession(() -> checkpoints.due(now, config.job().batch()))
                .flatMap(ids -> Multi.createFrom()
                        .iterable(ids)
                        .onItem()
                        .transformToUniAndConcatenate(id -> Panache.withTransaction(() -> compute(id, now))
                                .onFailure(failure -> Unreachable.reason(failure) == null)
                                .recoverWithUni(failure -> failed(id, failure, now)))
                        .collect()
                        .asList()
                        .map(done -> new Batch(ids.size(), (int)
                                done.stream().filter(Boolean::booleanValue).count())));
    }

    /**
     * Records the failure for a later retry (or gives up after the configured attempts); never fails itself. Not for an
     * unreachable database ({@link Unreachable}): that failure ends the batch and the run (the job reports the outage
     * once), and counts against no checkpoint's attempts.
     */
    private Uni<Boolean> failed(UUID id, Throwable failure, Instant now) {
        Log.errorf(failure, "could not compute the outcome of checkpoint %s", id);
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return Panache.withTransaction(() -> checkpoints.failed(
                        id,
                        message.length() > 1000 ? message.substring(0, 1000) : message,
                        config.job().maxAttempts(),
                        now))
                .replaceWith(false)
                .onFailure()
                .recoverWithItem(e -> {
                    Log.errorf(e, "could not record the failure of checkpoint %s", id);
                    return false;
                });
    }

    private Uni<Boolean> compute(UUID id, Instant now) {
        return checkpoints.claim(id, now).flatMap(checkpoint -> {
            if (checkpoint == null) {
                return Uni.createFrom().item(false); // computed meanwhile, or another instance holds it
            }
            return releases.findById(checkpoint.releaseId).flatMap(release -> predictions
                    .findById(new Prediction.Key(checkpoint.featureKey, checkpoint.predictionNumber))
                    .flatMap(prediction -> {
                        if (release == null || prediction == null) {
                            checkpoint.stale = false; // the planner marks it again when what is missing arrives
                            return Uni.createFrom().item(false);
                        }
                        return rollbacks
                                .findById(release.id)
                                .flatMap(rollback ->
                                        measurement.measure(checkpoint, release, rollback, prediction, now));
                    }));
        });
    }

    /** {@code <releaseId>/<featureKey>#<n>/<d>d}: the subject of the outcome's events. */
    public static String subject(Checkpoint checkpoint) {
        return checkpoint.releaseId + "/" + checkpoint.featureKey + "#" + checkpoint.predictionNumber + "/"
                + checkpoint.checkpointDays + "d";
    }
}
