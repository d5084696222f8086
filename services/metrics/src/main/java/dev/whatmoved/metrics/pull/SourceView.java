package dev.whatmoved.metrics.pull;

import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A pulled metric's source as the API shows it: the definition (naming its connection, never what the connection
 * holds) and its status.
 */
public record SourceView(
        String metric,
        String kind,
        String connection,
        String query,
        @Schema(nullable = true) String watermarkColumn,
        String every,
        @Schema(nullable = true) String step,
        @Schema(nullable = true) String backfill,
        int version,
        Instant createdAt,
        Instant updatedAt,
        SourceStatus status) {

    public static SourceView of(PullState state) {
        PullDefinition definition = state.definition();
        return new SourceView(
                definition.metric(),
                definition.kind(),
                definition.connection(),
                definition.query(),
                definition.watermarkColumn(),
                definition.every().toString(),
                text(definition.step()),
                text(definition.backfill()),
                state.version(),
                state.createdAt(),
                state.updatedAt(),
                SourceStatus.of(state));
    }

    private static String text(Duration duration) {
        return duration == null ? null : duration.toString();
    }
}
