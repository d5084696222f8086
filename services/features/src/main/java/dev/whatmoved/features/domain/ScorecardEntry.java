package dev.whatmoved.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The latest known outcome of one release for one prediction at one checkpoint, from outcome.measured events. */
@Entity
@Table(name = "scorecard_entry")
@IdClass(ScorecardEntry.Key.class)
public class ScorecardEntry {

    @Id
    @Column(name = "feature_key")
    public String featureKey;

    @Id
    @Column(name = "prediction_number")
    public int predictionNumber;

    @Id
    @Column(name = "checkpoint_days")
    public int checkpointDays;

    @Id
    @Column(name = "release_id")
    public UUID releaseId;

    @Column(name = "prediction_version")
    public int predictionVersion;

    public String metric;

    public String verdict;

    @Column(name = "rel_effect_pct")
    public Double relEffectPct;

    @Column(name = "rel_effect_lower_pct")
    public Double relEffectLowerPct;

    @Column(name = "rel_effect_upper_pct")
    public Double relEffectUpperPct;

    public Double p;

    public String method;

    @Column(name = "outcome_version")
    public int outcomeVersion;

    @Column(name = "measured_at")
    public Instant measuredAt;

    public static class Key implements Serializable {
        public String featureKey;
        public int predictionNumber;
        public int checkpointDays;
        public UUID releaseId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(featureKey, key.featureKey)
                    && predictionNumber == key.predictionNumber
                    && checkpointDays == key.checkpointDays
                    && Objects.equals(releaseId, key.releaseId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(featureKey, predictionNumber, checkpointDays, releaseId);
        }
    }
}
