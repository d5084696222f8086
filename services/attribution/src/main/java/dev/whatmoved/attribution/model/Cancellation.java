package dev.whatmoved.attribution.model;

/**
 * Cooperative cancellation: the model is plain Java and cannot be stopped from outside, so its long loops ask here
 * whether their thread was interrupted (by a caller whose time ran out) and stop if it was. One check per filter pass:
 * the optimiser's steps, the parameter draws, the placebo dates and the control checks are all made of passes.
 */
final class Cancellation {

    private Cancellation() {}

    /** Throws {@link AnalysisCancelledException} when the current thread was interrupted (the flag is left set). */
    static void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new AnalysisCancelledException();
        }
    }
}
