package dev.whatmoved.features.rest;

import dev.whatmoved.features.service.FeatureDraft;
import dev.whatmoved.kit.text.NoControlCharacters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A feature as a product lead registers it (a draft until committed). */
public record FeatureRequest(
        @NotNull @Pattern(regexp = KEY, message = KEY_MESSAGE) String key,
        @NotBlank @Size(max = 200) @NoControlCharacters(freeText = true) String title,
        @NotBlank @Size(max = 100) @NoControlCharacters String team,
        @NotBlank @Size(max = 100) @NoControlCharacters String owner,
        @Size(max = 4000) @NoControlCharacters(freeText = true) String problem,
        @Size(max = 20) List<@Valid @NotNull PredictionRequest> predictions,
        @Valid TrackerRequest tracker) {

    static final String KEY = "[a-z0-9][a-z0-9-]{0,62}";
    static final String KEY_MESSAGE = "must be a slug: lowercase letters, digits and dashes, at most 63 characters";

    /** The draft the use cases take. */
    public FeatureDraft toDraft() {
        return new FeatureDraft(
                key,
                title,
                team,
                owner,
                problem,
                predictions == null
                        ? List.of()
                        : predictions.stream().map(PredictionRequest::toTerms).toList(),
                tracker == null ? null : tracker.toTicket());
    }
}
