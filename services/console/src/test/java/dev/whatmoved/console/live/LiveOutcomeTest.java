package dev.whatmoved.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.whatmoved.console.live.OutcomeFeed.LiveOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The live panel's outcome from each event on {@code whatmoved.outcomes}, read through the shared event records
 * ({@code events}): notify's example of {@code outcome.measured.v1} and a {@code outcome.guardrail-breached.v1} with
 * every field of its record. Plain JUnit, well under a second.
 */
class LiveOutcomeTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void measured() throws IOException {
        LiveOutcome outcome = LiveOutcome.of("dev.whatmoved.outcome.measured.v1", event("outcome.measured.v1"), json);

        assertThat(outcome)
                .isEqualTo(new LiveOutcome(
                        "measured",
                        "5a1c7e0b-2d4f-4b8a-9c3e-6f1d2a7b8c90",
                        "checkout-one-click",
                        "checkout.conversions",
                        30,
                        "moved-as-predicted",
                        3.4,
                        "checkout",
                        "2026-12-20T02:00:00Z"));
    }

    @Test
    void guardrailBreached() throws IOException {
        LiveOutcome outcome = LiveOutcome.of(
                "dev.whatmoved.outcome.guardrail-breached.v1", event("outcome.guardrail-breached.v1"), json);

        assertThat(outcome)
                .isEqualTo(new LiveOutcome(
                        "guardrail-breached",
                        "5a1c7e0b-2d4f-4b8a-9c3e-6f1d2a7b8c90",
                        "checkout-one-click",
                        "checkout.latency-p95",
                        7,
                        "guardrail-breached",
                        12.5,
                        "checkout",
                        "2026-12-20T02:00:00Z"));
    }

    @Test
    void anotherTypeIsNotShown() throws IOException {
        assertThat(LiveOutcome.of("dev.whatmoved.release.deployed.v1", "{}", json))
                .isNull();
    }

    private String event(String type) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/events/" + type + ".json")) {
            assertThat(in).as(type).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
