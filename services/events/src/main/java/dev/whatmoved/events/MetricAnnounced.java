package dev.whatmoved.events;

import java.time.Instant;

/**
 * Data of {@code dev.whatmoved.metric.announced.v1}: a watermark of one metric's announcements. Every point of the
 * metric durably ingested before {@code announcedThrough} is in a {@code metric.rollup.v1} event that precedes this one
 * on the metric's partition.
 *
 * @param metric the metric key
 * @param announcedThrough the instant up to which every ingested point of the metric has been announced
 */
public record MetricAnnounced(String metric, Instant announcedThrough) {}
