package dev.whatmoved.metrics.pull;

import dev.whatmoved.kit.text.NoControlCharacters;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a pulled metric's points come from: the body of {@code PUT /api/metrics/{key}/source}. Durations are ISO-8601
 * ({@code PT5M}, {@code P365D}).
 */
public record SourceRequest(
        @Schema(description = "sql or prometheus", examples = "sql") @Size(max = 50) String kind,
        @Schema(description = "A connection named in configuration (whatmoved.metrics.pull.connections.<name>.*)")
                @Size(max = 100)
                @NoControlCharacters
                String connection,
        @Schema(description = "sql: a query returning timestamp, value and dimension columns; prometheus: PromQL")
                @NoControlCharacters(freeText = true)
                String query,
        @Schema(description = "sql: the column that marks what is new (default: timestamp)", nullable = true)
                @Size(max = 63)
                String watermarkColumn,
        @Schema(description = "How often it is pulled (default PT5M)", nullable = true, examples = "PT5M")
                @Size(max = 50)
                String every,
        @Schema(description = "prometheus: the range query's step", nullable = true, examples = "PT1H") @Size(max = 50)
                String step,
        @Schema(description = "How far back the first pull reaches (default: all)", nullable = true, examples = "P365D")
                @Size(max = 50)
                String backfill) {}
