package dev.whatmoved.attribution.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Outcome;
import dev.whatmoved.attribution.domain.OutcomeDetail;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.domain.Rollback;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.ImpactResult;
import dev.whatmoved.attribution.repository.OutcomeRepository;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.OutcomeGuardrailBreached;
import dev.whatmoved.events.OutcomeMeasured;
import dev.whatmoved.kit.outbox.Outbox;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes a new outcome version, in the caller's transaction: the checkpoint's new version and fingerprint, the outcome
 * row with its detail, and its {@code outcome.measured.v1} (and, for a breached guardrail, {@code
 * outcome.guardrail-breached.v1}) event through the outbox.
 */
@ApplicationScoped
class OutcomeRecorder {

    private final OutcomeRepository outcomes;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Event<OutcomeRecorded> recorded;

    OutcomeRecorder(OutcomeRepository outcomes, Outbox outbox, ObjectMapper json, Event<OutcomeRecorded> recorded) {
        this.outcomes = outcomes;
        this.outbox = outbox;
        this.json = json;
        this.recorded = recorded;
    }

    /** Always true: a new version was written. */
    Uni<Boolean> record(MeasuredCase measured, CheckpointAnalysis.Result result, String fingerprint, Instant now) {
        Checkpoint checkpoint = measured.checkpoint();
        Release release = measured.release();
        Prediction prediction = measured.prediction();
        List<OutcomeDetail.Confounder> confounders = confounders(measured, result);

        checkpoint.version += 1;
        checkpoint.inputHash = fingerprint;
        checkpoint.stale = false;
        checkpoint.failures = 0;
        checkpoint.lastError = null;
        checkpoint.retryAt = null;
        checkpoint.metric = prediction.metric;
        checkpoint.predictionVersion = prediction.version;

        Outcome outcome = outcome(measured, result, detail(measured, result, confounders), now);
        String subject = OutcomeEngine.subject(checkpoint);
        String key = release.id.toString();
        List<UUID> confounderIds =
                confounders.stream().map(OutcomeDetail.Confounder::releaseId).toList();
        OutcomeMeasured event = OutcomeEvents.measured(measured, result, confounderIds, now);
        Log.infof(
                "outcome %s v%d: %s (%s)",
                subject, checkpoint.version, outcome.verdict, outcome.reason == null ? "-" : outcome.reason);
        Uni<?> written =
                outcomes.persist(outcome).chain(() -> outbox.append(EventType.OUTCOME_MEASURED, key, subject, event));
        if (result.guardrailBreached()) {
            OutcomeGuardrailBreached breach = OutcomeEvents.breached(measured, result, confounderIds, now);
            Log.warnf(
                    "guardrail breached: %s changed by %+.2f %% (tolerated %s %%) at %s",
                    prediction.metric, breach.relEffectPct(), prediction.tolerancePct, subject);
            written = written.chain(() -> outbox.append(EventType.OUTCOME_GUARDRAIL_BREACHED, key, subject, breach));
        }
        return written.invoke(() -> recorded.fire(new OutcomeRecorded(outcome.verdict, result.guardrailBreached())))
                .replaceWith(true);
    }

    /** The other releases the model separated or flagged, as the outcome's detail names them. */
    private static List<OutcomeDetail.Confounder> confounders(MeasuredCase measured, CheckpointAnalysis.Result result) {
        Map<String, Release> byId = measured.others().stream().collect(Collectors.toMap(r -> r.id.toString(), r -> r));
        return result.confounders().stream()
                .map(c -> {
                    Release r = byId.get(c.id());
                    Rollback rb = measured.ended().get(r.id);
                    return new OutcomeDetail.Confounder(
                            r.id,
                            r.service,
                            r.version,
                            r.deployedAt,
                            rb == null ? null : rb.rolledBackAt,
                            List.of(r.features),
                            c.period(),
                            c.separated(),
                            c.effect(),
                            c.effectSd());
                })
                .toList();
    }

    private static OutcomeDetail detail(
            MeasuredCase measured, CheckpointAnalysis.Result result, List<OutcomeDetail.Confounder> confounders) {
        ImpactResult impact = result.impact();
        return new OutcomeDetail(
                OutcomeDetail.PredictionSnapshot.of(measured.prediction()),
                measured.valueLabel(),
                OutcomeDetail.Window.of(result.window()),
                impact == null ? null : impact.average(),
                impact == null ? null : impact.cumulative(),
                impact == null ? null : impact.minimumDetectableEffect(),
                confounders,
                result.data(),
                impact == null ? null : impact.model(),
                result.sequential(),
                impact == null ? null : impact.placebo(),
                result.outlierDays());
    }

    /** The outcome row of the checkpoint's new version. */
    private Outcome outcome(
            MeasuredCase measured, CheckpointAnalysis.Result result, OutcomeDetail detail, Instant now) {
        Checkpoint checkpoint = measured.checkpoint();
        Prediction prediction = measured.prediction();
        ImpactResult impact = result.impact();
        ImpactResult.Summary average = impact == null ? null : impact.average();
        Outcome outcome = new Outcome();
        outcome.checkpointId = checkpoint.id;
        outcome.version = checkpoint.version;
        outcome.releaseId = measured.release().id;
        outcome.featureKey = checkpoint.featureKey;
        outcome.predictionNumber = checkpoint.predictionNumber;
        outcome.predictionVersion = prediction.version;
        outcome.checkpointDays = checkpoint.checkpointDays;
        outcome.metric = prediction.metric;
        outcome.verdict = result.verdict().label();
        outcome.reason = result.reason();
        outcome.relEffect = average == null ? null : average.relEffect();
        outcome.relEffectLower = average == null ? null : average.relEffectLower();
        outcome.relEffectUpper = average == null ? null : average.relEffectUpper();
        outcome.p = impact == null ? null : impact.p();
        outcome.guardrailBreached = result.guardrailBreached();
        outcome.method = OutcomeEngine.METHOD;
        outcome.measuredAt = now;
        outcome.detail = write(detail);
        return outcome;
    }

    private String write(OutcomeDetail detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an outcome", e);
        }
    }
}
