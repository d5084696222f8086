package dev.whatmoved.features.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** A deployment as CI reports it through the native JSON endpoint. */
public record ReleaseRequest(
        @NotBlank @Size(max = 200) String service,
        @NotBlank @Size(max = 200) String version,
        @NotBlank @Size(max = 100) String environment,
        @Pattern(regexp = "[0-9a-f]{7,64}", message = "must be a hexadecimal commit sha (7 to 64 characters)")
                String commit,
        @NotNull Instant deployedAt,
        @Size(max = 100)
                List<@NotNull @Pattern(regexp = FeatureRequest.KEY, message = FeatureRequest.KEY_MESSAGE) String>
                        features) {

    public List<String> featuresOrEmpty() {
        return features == null ? List.of() : features.stream().distinct().toList();
    }
}
