package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import java.util.List;
import java.util.Map;

/**
 * One outcome as attribution answers it (its {@code OutcomeView}: each item of {@code GET /api/features/{key}/outcomes}
 * and {@code GET /api/metrics/{key}/attributions}, and of a release's {@code outcomes}): the fields the pages show. A
 * pending checkpoint has no measurement; an outcome measured before attribution had the sequential design, the
 * placebo calibration or the outlier screen has those null or missing (and the pages then say nothing of them). Every
 * scalar is boxed, so a field an answer leaves out reads as missing, not as 0 or false.
 *
 * @param releaseId the release measured
 * @param featureKey the feature whose prediction it measures
 * @param predictionNumber the prediction's number
 * @param predictionVersion the prediction's version measured
 * @param metric the metric
 * @param checkpointDays days after the release
 * @param dueAt when the checkpoint's data is taken as complete (RFC 3339)
 * @param verdict {@code pending}, {@code moved-as-predicted}, {@code moved-opposite}, {@code no-detectable-change} or
 *     {@code inconclusive}
 * @param reason why it is inconclusive (or why the computation failed), or null
 * @param measuredAt when it was measured (RFC 3339), or null while pending
 * @param relEffect the relative effect of the average (a fraction), or null
 * @param relEffectLower the low end of its 95 % interval, or null
 * @param relEffectUpper the high end, or null
 * @param p the one-sided tail probability, or null
 * @param guardrailBreached for a guardrail: whether it degraded beyond its tolerance; null otherwise
 * @param prediction the prediction as it was when measured, or null
 * @param window the pre- and post-period, or null
 * @param minimumDetectableEffect what this checkpoint could detect, or null
 * @param confounders other releases of the metric inside the window (none when absent)
 * @param model what the model fitted, or null
 * @param sequential the checkpoint's look among the prediction's checkpoints, or null
 * @param placebo the interval's calibration at placebo dates, or null
 * @param outliers history days set aside as spikes (ISO dates; none when absent)
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record Outcome(
        String releaseId,
        String featureKey,
        Integer predictionNumber,
        Integer predictionVersion,
        String metric,
        Integer checkpointDays,
        String dueAt,
        String verdict,
        String reason,
        String measuredAt,
        Double relEffect,
        Double relEffectLower,
        Double relEffectUpper,
        Double p,
        Boolean guardrailBreached,
        Prediction prediction,
        Window window,
        MinimumDetectableEffect minimumDetectableEffect,
        List<Confounder> confounders,
        Model model,
        Sequential sequential,
        Placebo placebo,
        List<String> outliers) {

    public Outcome {
        confounders = confounders == null ? List.of() : confounders;
        outliers = outliers == null ? List.of() : outliers;
    }

    /** Whether it was measured (not pending). */
    public boolean measured() {
        return measuredAt != null;
    }

    /** The checkpoint's days, 0 when the answer leaves them out. */
    public int days() {
        return checkpointDays == null ? 0 : checkpointDays;
    }

    /** The prediction's number, 0 when the answer leaves it out. */
    public int number() {
        return predictionNumber == null ? 0 : predictionNumber;
    }

    /** Whether a guardrail breach was reported. */
    public boolean breached() {
        return Boolean.TRUE.equals(guardrailBreached);
    }

    /** The prediction as it was when measured (attribution's {@code OutcomeDetail.PredictionSnapshot}). */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Prediction(
            String direction,
            Double expectedChangePct,
            Double lowPct,
            Double highPct,
            Boolean guardrail,
            Double tolerancePct)
            implements PredictedChange {}

    /**
     * The periods compared, ISO dates (attribution's {@code OutcomeDetail.Window}).
     *
     * @param preFrom the first day the model learned from
     * @param preTo the last such day
     * @param postFrom the first day after the release
     * @param postTo the last day measured
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Window(String preFrom, String preTo, String postFrom, String postTo) {}

    /** @param relative the average effect detectable with 80 % power, relative to the counterfactual, or null */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MinimumDetectableEffect(Double relative) {}

    /**
     * Another release of the same metric inside the window (attribution's {@code OutcomeDetail.Confounder}).
     *
     * @param features its features (none when absent)
     * @param period when it was deployed relative to this release: {@code pre}, {@code post}, {@code same-day}
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Confounder(
            String releaseId, String service, String version, String deployedAt, List<String> features, String period) {

        public Confounder {
            features = features == null ? List.of() : features;
        }
    }

    /**
     * What the model fitted (attribution's {@code ImpactResult.ModelInfo}).
     *
     * @param scale {@code additive} or {@code multiplicative}, or null before attribution weighed scales
     * @param scaleWeights the weight of each scale, or null
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Model(String scale, Map<String, Double> scaleWeights) {}

    /**
     * The checkpoint's look (attribution's {@code CheckpointAnalysis.Sequential}).
     *
     * @param look its place among the looks, from 1
     * @param looks the checkpoints' days of every look
     * @param decisionAlpha the level its verdict was decided at
     * @param earlyRead whether a later checkpoint is planned
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sequential(Integer look, List<Integer> looks, Double decisionAlpha, Boolean earlyRead) {

        public Sequential {
            looks = looks == null ? List.of() : looks;
        }
    }

    /**
     * The placebo calibration of the interval (attribution's {@code ImpactResult.Placebo}).
     *
     * @param dates placebo dates run (0: none, then {@code note} says why)
     * @param excludedZero how many of them the interval of no change excluded zero at
     * @param expected how many that would be at the nominal rate
     * @param factor how much the interval was widened (1: not at all)
     * @param note why there was no calibration, or null
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Placebo(Integer dates, Integer excludedZero, Double expected, Double factor, String note) {}
}
