package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The current version of one prediction of a feature (an amendment, a higher version, replaces it). */
@Entity
@IdClass(Prediction.Key.class)
public class Prediction {

    @Id
    @Column(name = "feature_key")
    public String featureKey;

    @Id
    public int number;

    public int version;

    public String metric;

    /** {@code up} or {@code down}: the predicted direction, or for a guardrail the good one. */
    public String direction;

    @Column(name = "expected_change_pct")
    public Double expectedChangePct;

    @Column(name = "low_pct")
    public Double lowPct;

    @Column(name = "high_pct")
    public Double highPct;

    public Double confidence;

    @Column(name = "horizon_days")
    public int horizonDays;

    public boolean guardrail;

    @Column(name = "tolerance_pct")
    public Double tolerancePct;

    @Column(name = "amended_after_ship")
    public boolean amendedAfterShip;

    /** When this version was committed or amended. */
    @Column(name = "recorded_at")
    public Instant recordedAt;

    public static class Key implements Serializable {
        public String featureKey;
        public int number;

        public Key() {}

        public Key(String featureKey, int number) {
            this.featureKey = featureKey;
            this.number = number;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(featureKey, key.featureKey) && number == key.number;
        }

        @Override
        public int hashCode() {
            return Objects.hash(featureKey, number);
        }
    }
}
