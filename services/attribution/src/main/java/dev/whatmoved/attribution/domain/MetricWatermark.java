package dev.whatmoved.attribution.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * How far a metric's announcements are complete ({@code metric.announced.v1}): every point the metrics service
 * ingested before {@link #announcedThrough} is in the rollups stored here. Written in bulk by {@code ConsumedRollups}.
 */
@Entity
@Table(name = "metric_watermark")
public class MetricWatermark {

    @Id
    public String metric;

    @Column(name = "announced_through", nullable = false)
    public Instant announcedThrough;
}
