package dev.whatmoved.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.notify.service.DeliveryBackoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryBackoffTest {

    @Test
    void doublesFromTheInitialPauseUpToTheCap() {
        DeliveryBackoff backoff = new DeliveryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(30));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.after(10)).isEqualTo(Duration.ofMinutes(30));
        assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(30));
    }
}
