package dev.whatmoved.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** A significant piece of work and the metric it is predicted to move (one prediction in the foundation). */
@Entity
public class Feature {

    @Id
    public String key;

    @Column(nullable = false)
    public String metric;

    @Column(name = "committed_at", nullable = false)
    public Instant committedAt;
}
