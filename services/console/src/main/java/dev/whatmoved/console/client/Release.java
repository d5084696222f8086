package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * A release as the features service answers it ({@code GET /api/releases/{id}}, and each item of
 * {@code GET /api/releases}): the fields the console shows.
 *
 * @param id the release's id
 * @param service the service deployed
 * @param version its version
 * @param environment where it was deployed
 * @param deployedAt when (RFC 3339)
 * @param source who reported it (ci, manual, ...)
 * @param features the keys of the features it ships (none when absent)
 * @param state deployed or rolled back
 * @param commit the commit deployed, or null
 * @param rolledBackAt when it was rolled back, or null
 * @param rollbackOf the release it rolls back, or null
 * @param description or null
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record Release(
        String id,
        String service,
        String version,
        String environment,
        String deployedAt,
        String source,
        List<String> features,
        String state,
        String commit,
        String rolledBackAt,
        String rollbackOf,
        String description) {

    /** What a page holds when features did not answer: every field null, no feature. */
    public static final Release NONE =
            new Release(null, null, null, null, null, null, List.of(), null, null, null, null, null);

    public Release {
        features = features == null ? List.of() : features;
    }
}
