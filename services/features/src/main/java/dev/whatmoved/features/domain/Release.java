package dev.whatmoved.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** One deployment reported by CI. */
@Entity
public class Release {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String service;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String environment;

    @Column(name = "commit_sha")
    public String commit;

    @Column(name = "deployed_at", nullable = false)
    public Instant deployedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** How the release reached us: {@code api} for the native JSON endpoint. */
    @Column(nullable = false)
    public String source;

    @Column(columnDefinition = "text[]", nullable = false)
    public String[] features;

    /** The CI system's id of the delivery (webhook delivery, CDEvents context id, Idempotency-Key): dedupes redelivery. */
    @Column(name = "delivery_id")
    public String deliveryId;

    /** Who or what deployed it, when the CI system says. */
    public String creator;

    /** Free text from the CI system (deployment description, commit message, PR title). */
    public String description;

    /** {@code deployed}, or {@code rolled-back} once another deployment replaced it by a rollback. */
    @Column(nullable = false)
    public String state = STATE_DEPLOYED;

    @Column(name = "rolled_back_at")
    public Instant rolledBackAt;

    /** The release (a rollback deployment) that replaced this one. */
    @Column(name = "rolled_back_by")
    public UUID rolledBackBy;

    /** When this release is itself a rollback: the release it rolled back. */
    @Column(name = "rollback_of")
    public UUID rollbackOf;

    /**
     * Order of arrival (a database sequence, given at insert): among releases of a service and environment with the
     * same {@code deployedAt}, the one that arrived later is the newer.
     */
    @Column(insertable = false, updatable = false)
    public Long arrival;

    public static final String STATE_DEPLOYED = "deployed";
    public static final String STATE_ROLLED_BACK = "rolled-back";
}
