package dev.whatmoved.metrics.service;

import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import java.util.List;

/** The problems of this service that the kit has no factory for. */
public final class MetricProblems {

    private MetricProblems() {}

    /** 422: the request is well-formed but names a metric that is not in the catalogue. */
    public static ProblemException unknownMetric(String field, String key) {
        String message = "unknown metric '" + key + "' (register it first: POST /api/metrics)";
        return new ProblemException(
                422,
                "unknown-metric",
                "Unknown metric",
                field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    /** 400 naming several fields at once. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.stream()
                .map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        return new ProblemException(400, "invalid-request", "Invalid request", detail, errors);
    }
}
