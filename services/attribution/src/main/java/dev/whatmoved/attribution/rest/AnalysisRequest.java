package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.AnalysisQuestion;
import java.util.List;

/**
 * An ad-hoc analysis, CausalImpact on your own data: equally spaced observations, the periods as inclusive index
 * ranges. A {@code null} in {@code response} is a missing value. Checked by {@code AnalysisService}, which names the
 * field at fault.
 *
 * @param controls series the intervention could not affect, each as long as {@code response}, without missing values
 * @param prePeriod {@code [firstIndex, lastIndex]} the model learns from
 * @param postPeriod {@code [firstIndex, lastIndex]} it forecasts, after the pre-period
 * @param alpha intervals are {@code 1 - alpha}; default 0.05
 * @param season the period of a seasonal component (7 for daily data with a weekly cycle); none when absent
 */
public record AnalysisRequest(
        List<Double> response,
        List<List<Double>> controls,
        List<Integer> prePeriod,
        List<Integer> postPeriod,
        Double alpha,
        Integer season) {

    AnalysisQuestion toQuestion() {
        return new AnalysisQuestion(response, controls, prePeriod, postPeriod, alpha, season);
    }
}
