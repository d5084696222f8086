package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A release taken back out of its environment. Kept apart from {@link Release}: it may arrive first. */
@Entity
@Table(name = "release_rollback")
public class Rollback {

    @Id
    @Column(name = "release_id")
    public UUID releaseId;

    @Column(name = "rolled_back_at", nullable = false)
    public Instant rolledBackAt;

    @Column(name = "rolled_back_by")
    public UUID rolledBackBy;

    @Column(nullable = false)
    public String reason;
}
