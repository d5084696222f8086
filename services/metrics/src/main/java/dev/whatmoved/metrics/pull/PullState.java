package dev.whatmoved.metrics.pull;

import java.time.Instant;

/**
 * A stored definition and how its pulls went.
 *
 * @param definition what is pulled, and when
 * @param version bumped by each change of what is pulled (kind, connection, query, watermark column, step, backfill),
 *     which starts it again from its backfill
 * @param watermark where the next pull starts (the source's own notation); null before the first successful pull
 * @param nextDue when it is pulled next
 * @param lastPullAt when the last pull ended, successful or not
 * @param lastSuccessAt when the last successful pull ended
 * @param lastRows rows the last successful pull fetched
 * @param lastError why the last pull failed; null once one succeeded again
 * @param consecutiveFailures failed pulls since the last successful one
 */
public record PullState(
        PullDefinition definition,
        int version,
        Instant createdAt,
        Instant updatedAt,
        String watermark,
        Instant nextDue,
        Instant lastPullAt,
        Instant lastSuccessAt,
        Long lastRows,
        String lastError,
        Instant lastErrorAt,
        int consecutiveFailures) {

    public String metric() {
        return definition.metric();
    }
}
