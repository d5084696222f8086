package dev.whatmoved.metrics.domain;

import java.time.LocalDate;

/**
 * The totals of one metric on one UTC day after a change.
 *
 * @param revision 1 for the bucket's first state, +1 for each change
 */
public record DailyBucket(String metric, LocalDate day, double sum, long count, long revision) {}
