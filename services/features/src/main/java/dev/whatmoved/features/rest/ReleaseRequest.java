package dev.whatmoved.features.rest;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.kit.text.NoControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * A deployment as CI reports it through the native JSON endpoint. Feature keys are named in {@code features}, or in
 * the {@code description} by a {@code Feature: key} trailer or a {@code [key]} tag; {@code rollback} flags a rollback.
 */
public record ReleaseRequest(
        @NotBlank @Size(max = 200) @NoControlCharacters String service,
        @NotBlank @Size(max = 200) @NoControlCharacters String version,
        @NotBlank @Size(max = 100) @NoControlCharacters String environment,
        @Pattern(regexp = "[0-9a-f]{7,64}", message = "must be a hexadecimal commit sha (7 to 64 characters)")
                String commit,
        @NotNull @JsonDeserialize(using = EventTimeDeserializer.class) Instant deployedAt,
        @Size(max = 100)
                List<@NotNull @Pattern(regexp = FeatureRequest.KEY, message = FeatureRequest.KEY_MESSAGE) String>
                        features,
        @Size(max = 4000) @NoControlCharacters(freeText = true) String description,
        Boolean rollback) {

    /** The release as the native JSON format reports it; {@code idempotencyKey} dedupes a retried request. */
    public ReleaseIntake toIntake(String idempotencyKey) {
        return new ReleaseIntake(
                ReleaseIntake.API,
                idempotencyKey,
                service,
                version,
                environment,
                commit,
                deployedAt,
                null,
                description,
                features == null ? List.of() : features.stream().distinct().toList(),
                description == null ? List.of() : List.of(description),
                Boolean.TRUE.equals(rollback));
    }

    /**
     * The release as a line of an import (source {@code api}, as it is the native format), deduplicated by what
     * identifies a deployment (service, environment, version and time), so that importing a file again stores nothing
     * new: its delivery id is {@code import:} and {@link ReleaseIntake#deploymentKey}.
     */
    public ReleaseIntake toImport() {
        ReleaseIntake api = toIntake(null);
        return new ReleaseIntake(
                ReleaseIntake.API,
                "import:"
                        + ReleaseIntake.deploymentKey(
                                service.strip(), environment.strip(), version.strip(), deployedAt),
                api.service(),
                api.version(),
                api.environment(),
                api.commit(),
                api.deployedAt(),
                api.creator(),
                api.description(),
                api.features(),
                api.texts(),
                api.rollback());
    }
}
