package dev.whatmoved.metrics.rest;

import dev.whatmoved.metrics.domain.DailyBucket;
import java.util.List;

/**
 * What a batch of points changed.
 *
 * @param accepted how many points were added
 * @param buckets the new state of every daily bucket the batch touched
 */
public record IngestResult(String metric, int accepted, List<DailyBucket> buckets) {}
