package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.domain.Rollback;
import dev.whatmoved.attribution.model.BeforeAfter;
import java.util.List;

/**
 * What a release's metrics did next: its outcomes per prediction and checkpoint, and the labelled before/after
 * baseline on each metric its features predict.
 *
 * @param rollback null unless the release was rolled back
 */
public record ReleaseReport(
        Release release, Rollback rollback, List<CheckpointOutcome> outcomes, List<BaselineMetric> baseline) {

    /** The before/after comparison on one metric, and the features that predict it. */
    public record BaselineMetric(String metric, List<String> featureKeys, BeforeAfter.Comparison comparison) {}
}
