package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.Direction;
import dev.whatmoved.attribution.model.ImpactResult;
import dev.whatmoved.events.OutcomeGuardrailBreached;
import dev.whatmoved.events.OutcomeMeasured;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events of one outcome version, built field by name from the checkpoint, its release, prediction and result. */
final class OutcomeEvents {

    private OutcomeEvents() {}

    /** {@code outcome.measured.v1}; {@code checkpoint.version} is already the new version. */
    static OutcomeMeasured measured(
            MeasuredCase measured, CheckpointAnalysis.Result result, List<UUID> confounderIds, Instant now) {
        Checkpoint checkpoint = measured.checkpoint();
        Release release = measured.release();
        Prediction prediction = measured.prediction();
        ImpactResult impact = result.impact();
        ImpactResult.Summary average = impact == null ? null : impact.average();
        CheckpointAnalysis.Window window = result.window();
        return new OutcomeMeasuredBuilder()
                .outcomeId(checkpoint.id)
                .releaseId(release.id)
                .featureKey(checkpoint.featureKey)
                .predictionNumber(checkpoint.predictionNumber)
                .predictionVersion(prediction.version)
                .metric(prediction.metric)
                .checkpointDays(checkpoint.checkpointDays)
                .version(checkpoint.version)
                .verdict(result.verdict().label())
                .relEffectPct(percent(average == null ? null : average.relEffect()))
                .relEffectLowerPct(percent(average == null ? null : average.relEffectLower()))
                .relEffectUpperPct(percent(average == null ? null : average.relEffectUpper()))
                .p(impact == null ? null : impact.p())
                .method(OutcomeEngine.METHOD)
                .measuredAt(now)
                .service(release.service)
                .environment(release.environment)
                .guardrail(prediction.guardrail)
                .direction(prediction.direction)
                .expectedChangePct(prediction.expectedChangePct)
                .tolerancePct(prediction.tolerancePct)
                .absEffect(average == null ? null : average.absEffect())
                .absEffectLower(average == null ? null : average.absEffectLower())
                .absEffectUpper(average == null ? null : average.absEffectUpper())
                .minimumDetectableEffectPct(
                        impact == null
                                ? null
                                : percent(impact.minimumDetectableEffect().relative()))
                .window(new OutcomeMeasured.Window(
                        window.preFrom(), window.preTo(), window.postFrom(), window.postTo()))
                .postDays(window.postDays())
                .reason(result.reason())
                .confounders(confounderIds)
                .guardrailBreached(prediction.guardrail ? result.guardrailBreached() : null)
                .build();
    }

    /** {@code outcome.guardrail-breached.v1}, for a result whose guardrail is breached (so it has an average). */
    static OutcomeGuardrailBreached breached(
            MeasuredCase measured, CheckpointAnalysis.Result result, List<UUID> confounderIds, Instant now) {
        Checkpoint checkpoint = measured.checkpoint();
        Release release = measured.release();
        Prediction prediction = measured.prediction();
        ImpactResult.Summary average = result.impact().average();
        double tolerance = prediction.tolerancePct == null ? 0 : Math.abs(prediction.tolerancePct) / 100;
        // the least degrading end of the interval: the upper end when the good direction is down, else the lower
        int sign = Direction.sign(prediction.direction);
        Double leastBad = sign > 0 ? average.relEffectUpper() : average.relEffectLower();
        boolean beyond = leastBad != null && -sign * leastBad > tolerance;
        return new GuardrailBreachBuilder()
                .outcomeId(checkpoint.id)
                .releaseId(release.id)
                .service(release.service)
                .environment(release.environment)
                .featureKey(checkpoint.featureKey)
                .predictionNumber(checkpoint.predictionNumber)
                .predictionVersion(prediction.version)
                .metric(prediction.metric)
                .checkpointDays(checkpoint.checkpointDays)
                .version(checkpoint.version)
                .direction(prediction.direction)
                .tolerancePct(prediction.tolerancePct)
                .relEffectPct(percent(average.relEffect()))
                .relEffectLowerPct(percent(average.relEffectLower()))
                .relEffectUpperPct(percent(average.relEffectUpper()))
                .intervalBeyondTolerance(beyond)
                .p(result.impact().p())
                .confounders(confounderIds)
                .measuredAt(now)
                .build();
    }

    static Double percent(Double fraction) {
        return fraction == null ? null : 100 * fraction;
    }
}
