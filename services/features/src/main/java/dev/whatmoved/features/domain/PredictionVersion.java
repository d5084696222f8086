package dev.whatmoved.features.domain;

import dev.whatmoved.events.Prediction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One version of one prediction of a feature. Version 1 is what was committed; an amendment adds the next version and
 * marks the previous one superseded, so the history stays readable.
 */
@Entity
@Table(name = "prediction")
public class PredictionVersion {

    public static final String UP = "up";
    public static final String DOWN = "down";

    @Id
    public UUID id;

    @Column(name = "feature_key", nullable = false)
    public String featureKey;

    /** The prediction's number within its feature, stable across amendments. */
    @Column(nullable = false)
    public int number;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String metric;

    @Column(nullable = false)
    public String direction;

    @Column(name = "expected_change_pct")
    public Double expectedChangePct;

    @Column(name = "low_pct")
    public Double lowPct;

    @Column(name = "high_pct")
    public Double highPct;

    @Column(nullable = false)
    public double confidence;

    @Column(name = "horizon_days", nullable = false)
    public int horizonDays;

    @Column(nullable = false)
    public boolean guardrail;

    @Column(name = "tolerance_pct")
    public Double tolerancePct;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When a later version replaced it; null for the current version. */
    @Column(name = "superseded_at")
    public Instant supersededAt;

    @Column(name = "amendment_reason")
    public String amendmentReason;

    /** Amended after the feature's first linked release: not a clean prediction for calibration. */
    @Column(name = "amended_after_ship", nullable = false)
    public boolean amendedAfterShip;

    public boolean isCurrent() {
        return supersededAt == null;
    }

    public Prediction toEvent() {
        return new Prediction(
                number,
                version,
                metric,
                direction,
                expectedChangePct,
                lowPct,
                highPct,
                confidence,
                horizonDays,
                guardrail,
                tolerancePct);
    }
}
