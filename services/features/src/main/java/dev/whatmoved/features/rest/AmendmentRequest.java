package dev.whatmoved.features.rest;

import dev.whatmoved.features.service.Amendment;
import dev.whatmoved.kit.text.NoControlCharacters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A new version of a committed prediction, and why.
 *
 * @param prediction the number of the prediction to amend
 * @param reason why the prediction changes (kept in its history)
 * @param amended the whole new version
 */
public record AmendmentRequest(
        @NotNull @Min(1) Integer prediction,
        @NotBlank @Size(max = 2000) @NoControlCharacters(freeText = true) String reason,
        @NotNull @Valid PredictionRequest amended) {

    public Amendment toAmendment() {
        return new Amendment(prediction, reason, amended.toTerms());
    }
}
