package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** A committed feature as announced by the features service: the metrics it is predicted to move. */
@Entity
public class Feature {

    @Id
    public String key;

    @Column(columnDefinition = "text[]", nullable = false)
    public String[] metrics;

    @Column(name = "committed_at", nullable = false)
    public Instant committedAt;
}
