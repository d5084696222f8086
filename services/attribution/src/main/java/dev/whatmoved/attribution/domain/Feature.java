package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** A feature as announced by the features service; its predictions are {@link Prediction}s. */
@Entity
public class Feature {

    @Id
    public String key;

    public String title;

    public String team;

    public String owner;

    /** Null while only an amendment has arrived (the commitment comes on another partition). */
    @Column(name = "committed_at")
    public Instant committedAt;
}
