package dev.whatmoved.attribution.service;

import dev.whatmoved.events.OutcomeMeasured;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Builds {@link OutcomeMeasured} field by name: its 30 components include runs of adjacent nullable {@code Double}s
 * (effects, interval ends) that a positional call could swap without a compiler noticing. Every field must be set
 * (to null, where null is meant) before {@link #build()}; the one positional call is below, checked by
 * {@code OutcomeEventBuildersTest}.
 */
final class OutcomeMeasuredBuilder {

    private final Set<String> unset = new LinkedHashSet<>(List.of(
            "outcomeId",
            "releaseId",
            "featureKey",
            "predictionNumber",
            "predictionVersion",
            "metric",
            "checkpointDays",
            "version",
            "verdict",
            "relEffectPct",
            "relEffectLowerPct",
            "relEffectUpperPct",
            "p",
            "method",
            "measuredAt",
            "service",
            "environment",
            "guardrail",
            "direction",
            "expectedChangePct",
            "tolerancePct",
            "absEffect",
            "absEffectLower",
            "absEffectUpper",
            "minimumDetectableEffectPct",
            "window",
            "postDays",
            "reason",
            "confounders",
            "guardrailBreached"));

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
        this.outcomeId = outcomeId;
        unset.remove("outcomeId");
        return this;
    }

    OutcomeMeasuredBuilder releaseId(UUID releaseId) {
        this.releaseId = releaseId;
        unset.remove("releaseId");
        return this;
    }

    OutcomeMeasuredBuilder featureKey(String featureKey) {
        this.featureKey = featureKey;
        unset.remove("featureKey");
        return this;
    }

    OutcomeMeasuredBuilder predictionNumber(int predictionNumber) {
        this.predictionNumber = predictionNumber;
        unset.remove("predictionNumber");
        return this;
    }

    OutcomeMeasuredBuilder predictionVersion(int predictionVersion) {
        this.predictionVersion = predictionVersion;
        unset.remove("predictionVersion");
        return this;
    }

    OutcomeMeasuredBuilder metric(String metric) {
        this.metric = metric;
        unset.remove("metric");
        return this;
    }

    OutcomeMeasuredBuilder checkpointDays(int checkpointDays) {
        this.checkpointDays = checkpointDays;
        unset.remove("checkpointDays");
        return this;
    }

    OutcomeMeasuredBuilder version(int version) {
        this.version = version;
        unset.remove("version");
        return this;
    }

    OutcomeMeasuredBuilder verdict(String verdict) {
        this.verdict = verdict;
        unset.remove("verdict");
        return this;
    }

    OutcomeMeasuredBuilder relEffectPct(Double relEffectPct) {
        this.relEffectPct = relEffectPct;
        unset.remove("relEffectPct");
        return this;
    }

    OutcomeMeasuredBuilder relEffectLowerPct(Double relEffectLowerPct) {
        this.relEffectLowerPct = relEffectLowerPct;
        unset.remove("relEffectLowerPct");
        return this;
    }

    OutcomeMeasuredBuilder relEffectUpperPct(Double relEffectUpperPct) {
        this.relEffectUpperPct = relEffectUpperPct;
        unset.remove("relEffectUpperPct");
        return this;
    }

    OutcomeMeasuredBuilder p(Double p) {
        this.p = p;
        unset.remove("p");
        return this;
    }

    OutcomeMeasuredBuilder method(String method) {
        this.method = method;
        unset.remove("method");
        return this;
    }

    OutcomeMeasuredBuilder measuredAt(Instant measuredAt) {
        this.measuredAt = measuredAt;
        unset.remove("measuredAt");
        return this;
    }

    OutcomeMeasuredBuilder service(String service) {
        this.service = service;
        unset.remove("service");
        return this;
    }

    OutcomeMeasuredBuilder environment(String environment) {
        this.environment = environment;
        unset.remove("environment");
        return this;
    }

    OutcomeMeasuredBuilder guardrail(Boolean guardrail) {
        this.guardrail = guardrail;
        unset.remove("guardrail");
        return this;
    }

    OutcomeMeasuredBuilder direction(String direction) {
        this.direction = direction;
        unset.remove("direction");
        return this;
    }

    OutcomeMeasuredBuilder expectedChangePct(Double expectedChangePct) {
        this.expectedChangePct = expectedChangePct;
        unset.remove("expectedChangePct");
        return this;
    }

    OutcomeMeasuredBuilder tolerancePct(Double tolerancePct) {
        this.tolerancePct = tolerancePct;
        unset.remove("tolerancePct");
        return this;
    }

    OutcomeMeasuredBuilder absEffect(Double absEffect) {
        this.absEffect = absEffect;
        unset.remove("absEffect");
        return this;
    }

    OutcomeMeasuredBuilder absEffectLower(Double absEffectLower) {
        this.absEffectLower = absEffectLower;
        unset.remove("absEffectLower");
        return this;
    }

    OutcomeMeasuredBuilder absEffectUpper(Double absEffectUpper) {
        this.absEffectUpper = absEffectUpper;
        unset.remove("absEffectUpper");
        return this;
    }

    OutcomeMeasuredBuilder minimumDetectableEffectPct(Double minimumDetectableEffectPct) {
        this.minimumDetectableEffectPct = minimumDetectableEffectPct;
        unset.remove("minimumDetectableEffectPct");
        return this;
    }

    OutcomeMeasuredBuilder window(OutcomeMeasured.Window window) {
        this.window = window;
        unset.remove("window");
        return this;
    }

    OutcomeMeasuredBuilder postDays(Integer postDays) {
        this.postDays = postDays;
        unset.remove("postDays");
        return this;
    }

    OutcomeMeasuredBuilder reason(String reason) {
        this.reason = reason;
        unset.remove("reason");
        return this;
    }

    OutcomeMeasuredBuilder confounders(List<UUID> confounders) {
        this.confounders = confounders;
        unset.remove("confounders");
        return this;
    }

    OutcomeMeasuredBuilder guardrailBreached(Boolean guardrailBreached) {
        this.guardrailBreached = guardrailBreached;
        unset.remove("guardrailBreached");
        return this;
    }

    /** The event; refuses to build while a field was not set (null must be set explicitly). */
    OutcomeMeasured build() {
        if (!unset.isEmpty()) {
            throw new IllegalStateException("OutcomeMeasured without " + unset);
        }
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
