package dev.whatmoved.metrics.pull;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How a pulled metric's pulls went.
 *
 * @param state {@code pending} (not pulled yet since it was defined or changed), {@code ok} or {@code failing}
 * @param watermark where the next pull starts, in the source's notation ({@code tz:2026-12-01T10:00:00Z}, {@code
 *     num:1234})
 */
public record SourceStatus(
        String state,
        @Schema(nullable = true) String watermark,
        Instant nextPullAt,
        @Schema(nullable = true) Instant lastPullAt,
        @Schema(nullable = true) Instant lastSuccessAt,
        @Schema(nullable = true) Long lastRows,
        @Schema(nullable = true) String lastError,
        @Schema(nullable = true) Instant lastErrorAt,
        int consecutiveFailures) {

    static SourceStatus of(PullState state) {
        String word = state.lastError() != null ? "failing" : state.lastSuccessAt() == null ? "pending" : "ok";
        return new SourceStatus(
                word,
                state.watermark(),
                state.nextDue(),
                state.lastPullAt(),
                state.lastSuccessAt(),
                state.lastRows(),
                state.lastError(),
                state.lastErrorAt(),
                state.consecutiveFailures());
    }
}
