package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One version of a checkpoint's outcome. The figures the queries filter on are columns; the rest (summaries, interval,
 * minimum detectable effect, confounders, data quality, model) is the JSON {@link #detail}.
 */
@Entity
@IdClass(Outcome.Key.class)
public class Outcome {

    @Id
    @Column(name = "checkpoint_id")
    public UUID checkpointId;

    @Id
    public int version;

    @Column(name = "release_id")
    public UUID releaseId;

    @Column(name = "feature_key")
    public String featureKey;

    @Column(name = "prediction_number")
    public int predictionNumber;

    @Column(name = "prediction_version")
    public int predictionVersion;

    @Column(name = "checkpoint_days")
    public int checkpointDays;

    public String metric;

    public String verdict;

    public String reason;

    /** Relative effect of the average (a fraction), with its interval; null when not measured. */
    @Column(name = "rel_effect")
    public Double relEffect;

    @Column(name = "rel_effect_lower")
    public Double relEffectLower;

    @Column(name = "rel_effect_upper")
    public Double relEffectUpper;

    public Double p;

    @Column(name = "guardrail_breached")
    public boolean guardrailBreached;

    public String method;

    @Column(name = "measured_at")
    public Instant measuredAt;

    public String detail;

    public static class Key implements Serializable {
        public UUID checkpointId;
        public int version;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(checkpointId, key.checkpointId) && version == key.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(checkpointId, version);
        }
    }
}
