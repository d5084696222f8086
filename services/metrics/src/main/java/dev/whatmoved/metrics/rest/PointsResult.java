package dev.whatmoved.metrics.rest;

import java.time.LocalDate;
import java.util.List;

/**
 * What a batch of points of one metric changed.
 *
 * @param accepted how many points were added
 * @param buckets the new state of every day (total over all dimensions) the batch touched
 */
public record PointsResult(String metric, int accepted, List<Day> buckets) {

    /** The totals of one day in the reporting time zone. */
    public record Day(String metric, LocalDate day, double sum, long count, long revision) {}
}
