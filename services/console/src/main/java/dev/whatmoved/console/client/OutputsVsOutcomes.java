package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * Attribution's outputs against outcomes ({@code GET /api/outputs-vs-outcomes?period=quarter}): per team and period,
 * what it shipped against what its predictions did.
 *
 * @param rows one per team and period (a null team: the releases linked to no feature); none when absent
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputsVsOutcomes(List<Row> rows) {

    /** What a page holds when attribution did not answer: no row. */
    public static final OutputsVsOutcomes NONE = new OutputsVsOutcomes(List.of());

    public OutputsVsOutcomes {
        rows = rows == null ? List.of() : rows;
    }

    /**
     * One team's period. The counts are boxed so that an answer without one reads as missing, not as 0.
     *
     * @param team the team, or null for the releases linked to no feature
     * @param period the period, e.g. {@code 2026-Q4}
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Row(
            String team,
            String period,
            Integer featuresShipped,
            Integer releases,
            Integer rolledBack,
            Integer predictions,
            Integer movedAsPredicted,
            Integer movedOpposite,
            Integer noDetectableChange,
            Integer inconclusive,
            Integer pending) {}
}
