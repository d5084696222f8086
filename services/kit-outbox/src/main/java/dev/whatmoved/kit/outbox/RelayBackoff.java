package dev.whatmoved.kit.outbox;

import java.time.Duration;

/**
 * When the relay may poll again after failures: the poll interval doubled per consecutive failure, up to a ceiling, so
 * an outage costs a poll every few seconds instead of ten a second. Plain state, driven by the relay's timer thread.
 */
final class RelayBackoff {

    private final long intervalMillis;
    private final long ceilingMillis;
    private int failures;
    private long nextAttemptAt;

    RelayBackoff(Duration interval, Duration ceiling) {
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.ceilingMillis = Math.max(intervalMillis, ceiling.toMillis());
    }

    boolean due(long nowMillis) {
        return nowMillis >= nextAttemptAt;
    }

    /** Notes a failure at {@code nowMillis}; returns how many failures in a row there have been. */
    int failed(long nowMillis) {
        failures++;
        nextAttemptAt = nowMillis + delayMillis();
        return failures;
    }

    /** Notes a success; returns how many failures in a row it ended (0 when there were none). */
    int succeeded() {
        int ended = failures;
        failures = 0;
        nextAttemptAt = 0;
        return ended;
    }

    long delayMillis() {
        if (failures == 0) {
            return 0;
        }
        int doublings = Math.min(failures - 1, 30);
        return Math.min(ceilingMillis, intervalMillis << doublings);
    }
}
