package dev.whatmoved.attribution.service;

import java.util.List;

/**
 * An ad-hoc analysis as {@link AnalysisService} takes it, unchecked (the service names the field at fault): a response
 * series, optional control series of the same length, the pre- and post-period as {@code [first, last]} indices, and
 * optionally alpha and a season length.
 */
public record AnalysisQuestion(
        List<Double> response,
        List<List<Double>> controls,
        List<Integer> prePeriod,
        List<Integer> postPeriod,
        Double alpha,
        Integer season) {}
