package dev.whatmoved.attribution.service;

import dev.whatmoved.events.OutcomeMeasured;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Builds {@link OutcomeMeasured} field by name: its 30 components include runs of adjacent nullable {@code Double}s
 * (effects, interval ends) that a positional call could swap without a compiler noticing. Every field must be set
 * (to null, where null is meant) before {@link #build()}; the one positional call is below, checked by
 * {@code OutcomeEventBuildersTest}.
 */
final class OutcomeMeasuredBuilder {

    private final RequiredFields fields = new RequiredFields(OutcomeMeasured.class);

    private UUID outcomeId;
    private UUID releaseId;
    private String featureKey;
    private int predictionNumber;
    private int predictionVersion;
    private String metric;
    private int checkpointDays;
    private int version;
    private String verdict;
    private Double relEffectPct;
    private Double relEffectLowerPct;
    private Double relEffectUpperPct;
    private Double p;
    private String method;
    private Instant measuredAt;
    private String service;
    private String environment;
    private Boolean guardrail;
    private String direction;
    private Double expectedChangePct;
    private Double tolerancePct;
    private Double absEffect;
    private Double absEffectLower;
    private Double absEffectUpper;
    private Double minimumDetectableEffectPct;
    private OutcomeMeasured.Window window;
    private Integer postDays;
    private String reason;
    private List<UUID> confounders;
    private Boolean guardrailBreached;

    OutcomeMeasuredBuilder outcomeId(UUID outcomeId) {
        this.outcomeId = fields.set("outcomeId", outcomeId);
        return this;
    }

    OutcomeMeasuredBuilder releaseId(UUID releaseId) {
        this.releaseId = fields.set("releaseId", releaseId);
        return this;
    }

    OutcomeMeasuredBuilder featureKey(String featureKey) {
        this.featureKey = fields.set("featureKey", featureKey);
        return this;
    }

    OutcomeMeasuredBuilder predictionNumber(int predictionNumber) {
        this.predictionNumber = fields.set("predictionNumber", predictionNumber);
        return this;
    }

    OutcomeMeasuredBuilder predictionVersion(int predictionVersion) {
        this.predictionVersion = fields.set("predictionVersion", predictionVersion);
        return this;
    }

    OutcomeMeasuredBuilder metric(String metric) {
        this.metric = fields.set("metric", metric);
        return this;
    }

    OutcomeMeasuredBuilder checkpointDays(int checkpointDays) {
        this.checkpointDays = fields.set("checkpointDays", checkpointDays);
        return this;
    }

    OutcomeMeasuredBuilder version(int version) {
        this.version = fields.set("version", version);
        return this;
    }

    OutcomeMeasuredBuilder verdict(String verdict) {
        this.verdict = fields.set("verdict", verdict);
        return this;
    }

    OutcomeMeasuredBuilder relEffectPct(Double relEffectPct) {
        this.relEffectPct = fields.set("relEffectPct", relEffectPct);
        return this;
    }

    OutcomeMeasuredBuilder relEffectLowerPct(Double relEffectLowerPct) {
        this.relEffectLowerPct = fields.set("relEffectLowerPct", relEffectLowerPct);
        return this;
    }

    OutcomeMeasuredBuilder relEffectUpperPct(Double relEffectUpperPct) {
        this.relEffectUpperPct = fields.set("relEffectUpperPct", relEffectUpperPct);
        return this;
    }

    OutcomeMeasuredBuilder p(Double p) {
        this.p = fields.set("p", p);
        return this;
    }

    OutcomeMeasuredBuilder method(String method) {
        this.method = fields.set("method", method);
        return this;
    }

    OutcomeMeasuredBuilder measuredAt(Instant measuredAt) {
        this.measuredAt = fields.set("measuredAt", measuredAt);
        return this;
    }

    OutcomeMeasuredBuilder service(String service) {
        this.service = fields.set("service", service);
        return this;
    }

    OutcomeMeasuredBuilder environment(String environment) {
        this.environment = fields.set("environment", environment);
        return this;
    }

    OutcomeMeasuredBuilder guardrail(Boolean guardrail) {
        this.guardrail = fields.set("guardrail", guardrail);
        return this;
    }

    OutcomeMeasuredBuilder direction(String direction) {
        this.direction = fields.set("direction", direction);
        return this;
    }

    OutcomeMeasuredBuilder expectedChangePct(Double expectedChangePct) {
        this.expectedChangePct = fields.set("expectedChangePct", expectedChangePct);
        return this;
    }

    OutcomeMeasuredBuilder tolerancePct(Double tolerancePct) {
        this.tolerancePct = fields.set("tolerancePct", tolerancePct);
        return this;
    }

    OutcomeMeasuredBuilder absEffect(Double absEffect) {
        this.absEffect = fields.set("absEffect", absEffect);
        return this;
    }

    OutcomeMeasuredBuilder absEffectLower(Double absEffectLower) {
        this.absEffectLower = fields.set("absEffectLower", absEffectLower);
        return this;
    }

    OutcomeMeasuredBuilder absEffectUpper(Double absEffectUpper) {
        this.absEffectUpper = fields.set("absEffectUpper", absEffectUpper);
        return this;
    }

    OutcomeMeasuredBuilder minimumDetectableEffectPct(Double minimumDetectableEffectPct) {
        this.minimumDetectableEffectPct = fields.set("minimumDetectableEffectPct", minimumDetectableEffectPct);
        return this;
    }

    OutcomeMeasuredBuilder window(OutcomeMeasured.Window window) {
        this.window = fields.set("window", window);
        return this;
    }

    OutcomeMeasuredBuilder postDays(Integer postDays) {
        this.postDays = fields.set("postDays", postDays);
        return this;
    }

    OutcomeMeasuredBuilder reason(String reason) {
        this.reason = fields.set("reason", reason);
        return this;
    }

    OutcomeMeasuredBuilder confounders(List<UUID> confounders) {
        this.confounders = fields.set("confounders", confounders);
        return this;
    }

    OutcomeMeasuredBuilder guardrailBreached(Boolean guardrailBreached) {
        this.guardrailBreached = fields.set("guardrailBreached", guardrailBreached);
        return this;
    }

    /** The event; refuses to build while a field was not set (null must be set explicitly). */
    OutcomeMeasured build() {
        fields.requireAllSet();
        return new OutcomeMeasured(
                outcomeId,
                releaseId,
                featureKey,
                predictionNumber,
                predictionVersion,
                metric,
                checkpointDays,
                version,
                verdict,
                relEffectPct,
                relEffectLowerPct,
                relEffectUpperPct,
                p,
                method,
                measuredAt,
                service,
                environment,
                guardrail,
                direction,
                expectedChangePct,
                tolerancePct,
                absEffect,
                absEffectLower,
                absEffectUpper,
                minimumDetectableEffectPct,
                window,
                postDays,
                reason,
                confounders,
                guardrailBreached);
    }
}
