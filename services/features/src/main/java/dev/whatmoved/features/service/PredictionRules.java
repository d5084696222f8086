package dev.whatmoved.features.service;

import dev.whatmoved.kit.problem.ProblemException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks on predictions that span fields, which bean validation cannot express. */
final class PredictionRules {

    private PredictionRules() {}

    /** @param path the JSON path of the prediction, e.g. {@code predictions[1]} */
    static void check(PredictionTerms p, String path) {
        if (!p.guardrail() && p.expectedChangePct() == null) {
            throw ProblemException.invalid(
                    path + ".expectedChangePct", "is required: by how much, in percent, should the metric move?");
        }
        if (p.guardrail() && p.tolerancePct() == null) {
            throw ProblemException.invalid(
                    path + ".tolerancePct",
                    "is required for a guardrail: how much degradation, in percent, is tolerated?");
        }
        if (p.range() != null && p.range().lowPct() > p.range().highPct()) {
            throw ProblemException.invalid(path + ".range", "lowPct must not exceed highPct");
        }
    }

    static void checkAll(List<PredictionTerms> predictions) {
        Set<String> metrics = new HashSet<>();
        for (int i = 0; i < predictions.size(); i++) {
            check(predictions.get(i), "predictions[" + i + "]");
            if (!metrics.add(predictions.get(i).metric())) {
                throw ProblemException.invalid(
                        "predictions[" + i + "].metric", predictions.get(i).metric() + " is predicted twice");
            }
        }
    }
}
