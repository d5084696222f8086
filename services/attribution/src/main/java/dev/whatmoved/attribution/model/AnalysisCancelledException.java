package dev.whatmoved.attribution.model;

/**
 * An analysis whose thread was interrupted stopped here: the caller gave up on it (its time ran out), and its partial
 * results are dropped.
 */
public final class AnalysisCancelledException extends RuntimeException {

    AnalysisCancelledException() {
        super("the analysis was stopped: its thread was interrupted", null, false, false);
    }
}
