package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A deployment as announced by the features service. */
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

    @Column(columnDefinition = "text[]", nullable = false)
    public String[] features;

    /** When this deployment rolls another release back: that release (it is then not measured itself). */
    @Column(name = "rollback_of")
    public UUID rollbackOf;

    /** When attribution received the release (null for releases stored before it recorded this). */
    @Column(name = "received_at")
    public Instant receivedAt;
}
