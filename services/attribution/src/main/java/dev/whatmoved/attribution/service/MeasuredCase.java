package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.domain.Rollback;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one checkpoint's outcome is measured about: the checkpoint, its release and prediction, what the analysed series
 * is ({@code valueLabel}: "daily sum", "hourly ratio of sums", ...) and the other releases of the metric inside the
 * window with the rollbacks among them.
 *
 * @param ended the rollbacks of {@code others}, by release id
 */
record MeasuredCase(
        Checkpoint checkpoint,
        Release release,
        Prediction prediction,
        String valueLabel,
        List<Release> others,
        Map<UUID, Rollback> ended) {}
