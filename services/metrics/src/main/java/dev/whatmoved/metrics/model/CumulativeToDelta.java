package dev.whatmoved.metrics.model;

/**
 * Turns the running totals of an OTLP cumulative series (a sum, or a histogram's sum and count) into increments: each
 * new total minus the previous one of the same series. A new start time means the series restarted (its process did):
 * the total counts from zero again. A monotonic total that drops also means a reset.
 *
 * <p>The first total ever seen of a series covers everything since its start. It is taken as one increment only when
 * the series started recently ({@link #FIRST_POINT_WINDOW_NANOS}); a series that has been running for long (the
 * collector was just pointed here) only sets the baseline, or its whole history would land in the current hour.
 */
public final class CumulativeToDelta {

    /** A first total is counted when its series started at most this long before it (1 hour). */
    public static final long FIRST_POINT_WINDOW_NANOS = 3_600_000_000_000L;

    /** The last total of a series. */
    public record State(long startNanos, long timeNanos, double value, long count) {}

    /**
     * What a new total gives.
     *
     * @param state the series' state from now on
     * @param delta the increment of the value (sum), or null when there is none to count
     * @param count the increment of the count
     * @param reason why there is no increment, when there is none
     */
    public record Step(State state, Double delta, long count, String reason) {}

    private CumulativeToDelta() {}

    public static Step next(State previous, State current, boolean monotonic) {
        if (previous == null) {
            boolean recent = current.startNanos() > 0
                    && current.startNanos() <= current.timeNanos()
                    && current.timeNanos() - current.startNanos() <= FIRST_POINT_WINDOW_NANOS;
            return recent
                    ? new Step(current, current.value(), current.count(), null)
                    : new Step(current, null, 0, "first total of a long-running series: taken as the baseline");
        }
        if (current.startNanos() == previous.startNanos()) {
            if (current.timeNanos() <= previous.timeNanos()) {
                return new Step(previous, null, 0, "not newer than the last total of its series (a repeat)");
            }
            double delta = current.value() - previous.value();
            long count = current.count() - previous.count();
            if (count < 0 || (monotonic && delta < 0)) {
                return new Step(current, current.value(), current.count(), null); // reset without a new start
            }
            return new Step(current, delta, count, null);
        }
        if (current.startNanos() > previous.startNanos()) {
            return new Step(current, current.value(), current.count(), null); // restarted: counts from zero
        }
        return new Step(previous, null, 0, "older than the series' current start (a late total of a past run)");
    }
}
