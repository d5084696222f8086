package dev.whatmoved.attribution.service;

import dev.whatmoved.kit.problem.ProblemException;
import java.time.Duration;
import java.util.List;

/** An analysis not started because too many are running (429 for one caller, 503 for all): try again later. */
public class AnalysisRefusedException extends ProblemException {

    private final Duration retryAfter;

    AnalysisRefusedException(int status, String kind, String title, String detail, Duration retryAfter) {
        super(status, kind, title, detail, List.of());
        this.retryAfter = retryAfter;
    }

    /** When to try again, for the {@code Retry-After} header (whole seconds, at least 1). */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
