package dev.whatmoved.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/**
 * A significant piece of work, the problem it addresses and (in {@link PredictionVersion}) what it should move.
 *
 * <p>Status: {@code draft} (predictions editable) → {@code committed} (frozen; changed only by amendments) → {@code
 * shipped} (a release linked to it) → {@code concluded} (every prediction's horizon passed, derived from {@link
 * #horizonEndsAt}), or {@code retired} at any point.
 */
@Entity
public class Feature {

    public static final String DRAFT = "draft";
    public static final String COMMITTED = "committed";
    public static final String SHIPPED = "shipped";
    public static final String CONCLUDED = "concluded";
    public static final String RETIRED = "retired";

    @Id
    public String key;

    public String title;

    public String team;

    public String owner;

    public String problem;

    /** Stored: draft, committed, shipped or retired; concluded is shipped past {@link #horizonEndsAt}. */
    @Column(nullable = false)
    public String status = DRAFT;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "committed_at")
    public Instant committedAt;

    /** When the first linked release was deployed. */
    @Column(name = "shipped_at")
    public Instant shippedAt;

    /** Shipped + the longest horizon of its current predictions: when the last checkpoint is due. */
    @Column(name = "horizon_ends_at")
    public Instant horizonEndsAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    /** The feature's ticket in the team's tracker ({@code SHOP-123}, {@code acme/shop#42}); null when none. */
    @Column(name = "tracker_key")
    public String trackerKey;

    /** Where the ticket is read ({@code https://acme.atlassian.net/browse/SHOP-123}); null when none. */
    @Column(name = "tracker_url")
    public String trackerUrl;

    /** The status a reader sees at {@code now}. */
    public String statusAt(Instant now) {
        return SHIPPED.equals(status) && horizonEndsAt != null && horizonEndsAt.isBefore(now) ? CONCLUDED : status;
    }
}
