package dev.whatmoved.metrics.pull.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Which evaluations one Prometheus pull asks for. An evaluation at {@code t} summarises the step {@code (t - step, t]}
 * and is stored at {@code t - step}, the start of that step, so the value of the step 09:00–10:00 lands in the 09:00
 * bucket. Evaluations fall on multiples of the step from the start of the reporting day, and only on steps that have
 * ended ({@code t <= now}).
 *
 * <p>Rows must cover whole days (they replace the buckets they fall into), so a pull starts at the start of the day
 * that holds {@code watermark - overlap}: every pull re-reads the current day, and the overlap re-reads the end of the
 * previous day while a scrape from just before midnight may still be arriving. A re-read step replaces its bucket's
 * value, never adds to it.
 *
 * @param from the first step's start (a day's start)
 * @param end the last evaluation time (a step's end); before {@code from + step} when there is nothing to pull
 * @param step the query's step
 */
record PullWindow(Instant from, Instant end, Duration step) {

    /** The most evaluations per series one pull asks for; a longer backfill goes on at the next pull. */
    static final long MAX_STEPS_PER_PULL = 100_000;

    /**
     * The window of a pull starting in the day {@code dayStart} gives for {@code start} (the watermark less the
     * overlap, or where the backfill begins) and ending at the last step that has ended by {@code now}.
     */
    static PullWindow of(Instant start, Instant now, Duration step, UnaryOperator<Instant> dayStart) {
        Instant from = dayStart.apply(start);
        long steps = Duration.between(from, now).dividedBy(step);
        if (steps > MAX_STEPS_PER_PULL) {
            // whole days only: stop at the start of the day the limit falls in (at least one day)
            Instant limit = dayStart.apply(from.plus(step.multipliedBy(MAX_STEPS_PER_PULL)));
            steps = Math.max(
                    Duration.between(from, limit).dividedBy(step),
                    Duration.ofDays(1).dividedBy(step));
        }
        return new PullWindow(from, from.plus(step.multipliedBy(steps)), step);
    }

    /** Whether at least one step has ended in the window. */
    boolean isEmpty() {
        return end.isBefore(from.plus(step));
    }

    /** The range query: evaluations from the end of the first step to {@link #end}. */
    RangeQuery query(String expression) {
        return new RangeQuery(expression, from.plus(step), end, step);
    }
}
