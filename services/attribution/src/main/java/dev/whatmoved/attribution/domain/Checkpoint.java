package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One measurement point of a release on one prediction of a feature it ships: {@code checkpointDays} after the
 * release. Its id is the outcome's id, the same for every version. It is computed once due, and again whenever an event
 * changes something inside its window ({@link #stale}).
 */
@Entity
public class Checkpoint {

    @Id
    public UUID id;

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

    /** First day of the pre-period. */
    @Column(name = "window_from")
    public LocalDate windowFrom;

    /** Last day of the post-period. */
    @Column(name = "window_to")
    public LocalDate windowTo;

    /** When the window's data is complete (the day after it, plus the grace for late data). */
    @Column(name = "due_at")
    public Instant dueAt;

    /** To be (re)computed once due. */
    public boolean stale;

    /** The latest outcome version; 0 while none was computed. */
    public int version;

    /** Fingerprint of the inputs of the latest version: a recomputation with equal inputs makes no new version. */
    @Column(name = "input_hash")
    public String inputHash;

    /** Failed computations since the last success or the last new data of the window. */
    public int failures;

    /** The last failure's message, for operators (shown with the pending outcome). */
    @Column(name = "last_error")
    public String lastError;

    /** After a failure: not before this instant. */
    @Column(name = "retry_at")
    public Instant retryAt;
}
