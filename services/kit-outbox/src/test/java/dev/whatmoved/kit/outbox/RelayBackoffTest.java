package dev.whatmoved.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An outage costs the relay a poll every few seconds, not ten a second, and the first success resets it. */
class RelayBackoffTest {

    @Test
    void theWaitDoublesPerFailureUpToTheCeilingAndASuccessResetsIt() {
        RelayBackoff backoff = new RelayBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(backoff.due(0)).isTrue();

        long now = 1_000;
        long[] waits = new long[8];
        for (int i = 0; i < waits.length; i++) {
            backoff.failed(now);
            waits[i] = backoff.delayMillis();
        }
        assertThat(waits).containsExactly(100, 200, 400, 800, 1600, 3200, 5000, 5000);
        assertThat(backoff.due(now + 4_999)).isFalse();
        assertThat(backoff.due(now + 5_000)).isTrue();

        assertThat(backoff.succeeded()).isEqualTo(8);
        assertThat(backoff.due(now)).isTrue();
        assertThat(backoff.succeeded()).isZero();
    }
}
