package dev.whatmoved.features.intake;

import dev.whatmoved.features.domain.Release;

/**
 * @param created false when the delivery was seen before and {@code release} is the one stored then
 */
public record IntakeResult(Release release, boolean created) {}
