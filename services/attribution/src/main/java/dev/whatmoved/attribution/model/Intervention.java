package dev.whatmoved.attribution.model;

/**
 * Another intervention inside an analysis' window (another release that may move the same metric): a step of unknown
 * size that is on from {@code start} to {@code end}, both inclusive indices into the series. Its effect belongs to the
 * counterfactual of the intervention analysed, so it is estimated as a fixed effect instead of being handed to it.
 *
 * @param start first index at which the step is on (its release's first full day)
 * @param end last index at which it is on ({@link Integer#MAX_VALUE} when it never ends, e.g. not rolled back)
 */
public record Intervention(int start, int end) {

    public static Intervention from(int start) {
        return new Intervention(start, Integer.MAX_VALUE);
    }

    /** 1 where the step is on, 0 elsewhere. */
    double at(int t) {
        return t >= start && t <= end ? 1.0 : 0.0;
    }
}
