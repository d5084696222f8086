package dev.whatmoved.attribution.service;

import dev.whatmoved.events.OutcomeGuardrailBreached;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Builds {@link OutcomeGuardrailBreached} field by name (19 components, adjacent nullable {@code Double}s); every field
 * must be set before {@link #build()}, whose one positional call {@code OutcomeEventBuildersTest} checks.
 */
final class GuardrailBreachBuilder {

    private final Set<String> unset = new LinkedHashSet<>(List.of(
            "outcomeId",
            "releaseId",
            "service",
            "environment",
            "featureKey",
            "predictionNumber",
            "predictionVersion",
            "metric",
            "checkpointDays",
            "version",
            "direction",
            "tolerancePct",
            "relEffectPct",
            "relEffectLowerPct",
            "relEffectUpperPct",
            "intervalBeyondTolerance",
            "p",
            "confounders",
            "measuredAt"));

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
        this.outcomeId = outcomeId;
        unset.remove("outcomeId");
        return this;
    }

    GuardrailBreachBuilder releaseId(UUID releaseId) {
        this.releaseId = releaseId;
        unset.remove("releaseId");
        return this;
    }

    GuardrailBreachBuilder service(String service) {
        this.service = service;
        unset.remove("service");
        return this;
    }

    GuardrailBreachBuilder environment(String environment) {
        this.environment = environment;
        unset.remove("environment");
        return this;
    }

    GuardrailBreachBuilder featureKey(String featureKey) {
        this.featureKey = featureKey;
        unset.remove("featureKey");
        return this;
    }

    GuardrailBreachBuilder predictionNumber(int predictionNumber) {
        this.predictionNumber = predictionNumber;
        unset.remove("predictionNumber");
        return this;
    }

    GuardrailBreachBuilder predictionVersion(int predictionVersion) {
        this.predictionVersion = predictionVersion;
        unset.remove("predictionVersion");
        return this;
    }

    GuardrailBreachBuilder metric(String metric) {
        this.metric = metric;
        unset.remove("metric");
        return this;
    }

    GuardrailBreachBuilder checkpointDays(int checkpointDays) {
        this.checkpointDays = checkpointDays;
        unset.remove("checkpointDays");
        return this;
    }

    GuardrailBreachBuilder version(int version) {
        this.version = version;
        unset.remove("version");
        return this;
    }

    GuardrailBreachBuilder direction(String direction) {
        this.direction = direction;
        unset.remove("direction");
        return this;
    }

    GuardrailBreachBuilder tolerancePct(Double tolerancePct) {
        this.tolerancePct = tolerancePct;
        unset.remove("tolerancePct");
        return this;
    }

    GuardrailBreachBuilder relEffectPct(double relEffectPct) {
        this.relEffectPct = relEffectPct;
        unset.remove("relEffectPct");
        return this;
    }

    GuardrailBreachBuilder relEffectLowerPct(Double relEffectLowerPct) {
        this.relEffectLowerPct = relEffectLowerPct;
        unset.remove("relEffectLowerPct");
        return this;
    }

    GuardrailBreachBuilder relEffectUpperPct(Double relEffectUpperPct) {
        this.relEffectUpperPct = relEffectUpperPct;
        unset.remove("relEffectUpperPct");
        return this;
    }

    GuardrailBreachBuilder intervalBeyondTolerance(boolean intervalBeyondTolerance) {
        this.intervalBeyondTolerance = intervalBeyondTolerance;
        unset.remove("intervalBeyondTolerance");
        return this;
    }

    GuardrailBreachBuilder p(Double p) {
        this.p = p;
        unset.remove("p");
        return this;
    }

    GuardrailBreachBuilder confounders(List<UUID> confounders) {
        this.confounders = confounders;
        unset.remove("confounders");
        return this;
    }

    GuardrailBreachBuilder measuredAt(Instant measuredAt) {
        this.measuredAt = measuredAt;
        unset.remove("measuredAt");
        return this;
    }

    /** The event; refuses to build while a field was not set (null must be set explicitly). */
    OutcomeGuardrailBreached build() {
        if (!unset.isEmpty()) {
            throw new IllegalStateException("OutcomeGuardrailBreached without " + unset);
        }
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
