package dev.whatmoved.attribution.service;

import dev.whatmoved.events.OutcomeGuardrailBreached;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Builds {@link OutcomeGuardrailBreached} field by name (19 components, adjacent nullable {@code Double}s); every field
 * must be set before {@link #build()}, whose one positional call {@code OutcomeEventBuildersTest} checks.
 */
final class GuardrailBreachBuilder {

    private final RequiredFields fields = new RequiredFields(OutcomeGuardrailBreached.class);

    private UUID outcomeId;
    private UUID releaseId;
    private String service;
    private String environment;
    private String featureKey;
    private int predictionNumber;
    private int predictionVersion;
    private String metric;
    private int checkpointDays;
    private int version;
    private String direction;
    private Double tolerancePct;
    private double relEffectPct;
    private Double relEffectLowerPct;
    private Double relEffectUpperPct;
    private boolean intervalBeyondTolerance;
    private Double p;
    private List<UUID> confounders;
    private Instant measuredAt;

    GuardrailBreachBuilder outcomeId(UUID outcomeId) {
        this.outcomeId = fields.set("outcomeId", outcomeId);
        return this;
    }

    GuardrailBreachBuilder releaseId(UUID releaseId) {
        this.releaseId = fields.set("releaseId", releaseId);
        return this;
    }

    GuardrailBreachBuilder service(String service) {
        this.service = fields.set("service", service);
        return this;
    }

    GuardrailBreachBuilder environment(String environment) {
        this.environment = fields.set("environment", environment);
        return this;
    }

    GuardrailBreachBuilder featureKey(String featureKey) {
        this.featureKey = fields.set("featureKey", featureKey);
        return this;
    }

    GuardrailBreachBuilder predictionNumber(int predictionNumber) {
        this.predictionNumber = fields.set("predictionNumber", predictionNumber);
        return this;
    }

    GuardrailBreachBuilder predictionVersion(int predictionVersion) {
        this.predictionVersion = fields.set("predictionVersion", predictionVersion);
        return this;
    }

    GuardrailBreachBuilder metric(String metric) {
        this.metric = fields.set("metric", metric);
        return this;
    }

    GuardrailBreachBuilder checkpointDays(int checkpointDays) {
        this.checkpointDays = fields.set("checkpointDays", checkpointDays);
        return this;
    }

    GuardrailBreachBuilder version(int version) {
        this.version = fields.set("version", version);
        return this;
    }

    GuardrailBreachBuilder direction(String direction) {
        this.direction = fields.set("direction", direction);
        return this;
    }

    GuardrailBreachBuilder tolerancePct(Double tolerancePct) {
        this.tolerancePct = fields.set("tolerancePct", tolerancePct);
        return this;
    }

    GuardrailBreachBuilder relEffectPct(double relEffectPct) {
        this.relEffectPct = fields.set("relEffectPct", relEffectPct);
        return this;
    }

    GuardrailBreachBuilder relEffectLowerPct(Double relEffectLowerPct) {
        this.relEffectLowerPct = fields.set("relEffectLowerPct", relEffectLowerPct);
        return this;
    }

    GuardrailBreachBuilder relEffectUpperPct(Double relEffectUpperPct) {
        this.relEffectUpperPct = fields.set("relEffectUpperPct", relEffectUpperPct);
        return this;
    }

    GuardrailBreachBuilder intervalBeyondTolerance(boolean intervalBeyondTolerance) {
        this.intervalBeyondTolerance = fields.set("intervalBeyondTolerance", intervalBeyondTolerance);
        return this;
    }

    GuardrailBreachBuilder p(Double p) {
        this.p = fields.set("p", p);
        return this;
    }

    GuardrailBreachBuilder confounders(List<UUID> confounders) {
        this.confounders = fields.set("confounders", confounders);
        return this;
    }

    GuardrailBreachBuilder measuredAt(Instant measuredAt) {
        this.measuredAt = fields.set("measuredAt", measuredAt);
        return this;
    }

    /** The event; refuses to build while a field was not set (null must be set explicitly). */
    OutcomeGuardrailBreached build() {
        fields.requireAllSet();
        return new OutcomeGuardrailBreached(
                outcomeId,
                releaseId,
                service,
                environment,
                featureKey,
                predictionNumber,
                predictionVersion,
                metric,
                checkpointDays,
                version,
                direction,
                tolerancePct,
                relEffectPct,
                relEffectLowerPct,
                relEffectUpperPct,
                intervalBeyondTolerance,
                p,
                confounders,
                measuredAt);
    }
}
