package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A known event on the calendar (a holiday, a campaign, an incident, a data outage): its days, inclusive UTC days, say
 * nothing about a release, so the model reads them as missing on the metrics it names (on every metric when it names
 * none).
 */
@Entity
@Table(name = "known_event")
public class KnownEvent {

    public static final List<String> KINDS = List.of("holiday", "campaign", "incident", "other");

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** One of {@link #KINDS}. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "day_from", nullable = false)
    public LocalDate from;

    @Column(name = "day_to", nullable = false)
    public LocalDate to;

    /** Sorted, without duplicates; empty: every metric. */
    @Column(columnDefinition = "text[]", nullable = false)
    public String[] metrics;

    /** A digest of name, days and metrics: what makes two posts the same event. */
    @Column(name = "identity_key", nullable = false)
    public String identityKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean global() {
        return metrics.length == 0;
    }
}
