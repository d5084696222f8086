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
}
