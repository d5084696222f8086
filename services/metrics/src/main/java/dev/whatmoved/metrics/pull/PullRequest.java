package dev.whatmoved.metrics.pull;

import dev.whatmoved.metrics.domain.MetricDefinition;
import java.time.Instant;
import java.time.ZoneId;

/**
 * One pull, as the framework asks a {@link PullSource} for it.
 *
 * @param definition what to pull
 * @param metric the metric's catalogue entry (its dimensions and aggregation)
 * @param connection the definition's named connection, from configuration
 * @param watermark where the last successful pull ended, as the source returned it; null on the first pull (backfill
 *     {@link PullDefinition#backfill()}) and after the definition changed
 * @param now the time of this pull
 * @param zone the reporting zone: where the days of the rollups begin
 */
public record PullRequest(
        PullDefinition definition,
        MetricDefinition metric,
        PullConnection connection,
        String watermark,
        Instant now,
        ZoneId zone) {

    /** The start of the rollup day that holds {@code time}: a pull must fetch every row from there on. */
    public Instant dayStart(Instant time) {
        return time.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    /**
     * How far back pulls reach: {@link #now} less the backfill, at its day's start; null for everything. A first pull
     * fetches from there; later ones leave rows older than it alone.
     */
    public Instant backfillFrom() {
        return definition.backfill() == null ? null : dayStart(now.minus(definition.backfill()));
    }
}
