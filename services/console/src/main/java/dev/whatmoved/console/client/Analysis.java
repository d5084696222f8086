package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The model on a series of the console's own ({@code POST /api/analyses}, attribution's {@code AnalysisResponse}): the
 * console draws its forecast of the post-period.
 *
 * @param pointwise per point of the request's series (none when absent)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Analysis(List<Point> pointwise) {

    /** What a page holds when attribution did not answer: no point. */
    public static final Analysis NONE = new Analysis(List.of());

    public Analysis {
        pointwise = pointwise == null ? List.of() : pointwise;
    }

    /**
     * One point (attribution's {@code ImpactResult.Point}).
     *
     * @param index its position in the request's series
     * @param period {@code pre} or {@code post}
     * @param predicted the forecast (the counterfactual, in the post-period)
     * @param lower the low end of its 95 % interval
     * @param upper the high end
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Point(Integer index, String period, Double predicted, Double lower, Double upper) {}

    /**
     * The question (attribution's {@code AnalysisRequest}, the fields the console sets).
     *
     * @param response the daily values, a missing day as null
     * @param prePeriod {@code [first, last]} indices the model learns from
     * @param postPeriod {@code [first, last]} indices it forecasts
     * @param season the seasonal period: 7, a weekly cycle of days
     */
    public record Request(List<Double> response, List<Integer> prePeriod, List<Integer> postPeriod, int season) {}
}
