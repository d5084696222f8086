package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What attribution knows of a release's effects ({@code GET /api/releases/{id}/outcomes}, its {@code ReleaseOutcomes}):
 * the console reads its outcomes (the release itself comes from features).
 *
 * @param outcomes one per prediction and checkpoint (none when absent)
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseOutcomes(List<Outcome> outcomes) {

    /** What a page holds when attribution did not answer: no outcome. */
    public static final ReleaseOutcomes NONE = new ReleaseOutcomes(List.of());

    public ReleaseOutcomes {
        outcomes = outcomes == null ? List.of() : outcomes;
    }
}
