package dev.whatmoved.metrics.pull;

import java.util.List;

/**
 * What one pull fetched.
 *
 * @param rows the points, covering whole days (see {@link PullSource#fetch})
 * @param watermark where the next pull starts, stored in the transaction of the rows; null keeps the current one
 */
public record Pulled(List<PulledRow> rows, String watermark) {

    /** Nothing new: no rows, the watermark stays. */
    public static Pulled nothing() {
        return new Pulled(List.of(), null);
    }
}
