package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.outbox.OutboxRelay;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox between the database commit and the Kafka send: with the relay stopped, a stored release is not yet on
 * Kafka but not lost either; when the relay runs again, its event is published, once.
 */
@QuarkusTest
@TestProfile(OutboxRelayTest.RelayStopped.class)
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class OutboxRelayTest {

    public static class RelayStopped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("whatmoved.outbox.relay-enabled", "false");
        }
    }

    @Inject
    OutboxRelay relay;

    @Test
    void anEventCommittedWhileTheRelayIsDownIsPublishedOnceWhenItRuns() throws Exception {
        String release = caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "inventory", "version": "9.0.1", "environment": "production",
                         "deployedAt": "2026-11-21T08:00:00Z"}
                        """)
                .post("/api/releases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String bootstrap = EmbeddedPlatform.get().kafkaBootstrapServers();
        Thread.sleep(Duration.ofSeconds(1).toMillis());
        assertThat(PublishedEvents.allEvents(bootstrap, Topics.RELEASES)).noneMatch(e -> release.equals(e.subject()));
        // /q/metrics shows the event waiting (measured every 500 ms under test), and the backlog gone once relayed
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(PublicMetrics.value("whatmoved_outbox_backlog"))
                        .isGreaterThanOrEqualTo(1));

        int published = relay.drain().await().atMost(Duration.ofSeconds(30));
        assertThat(published).isGreaterThanOrEqualTo(1);
        assertThat(relay.drain().await().atMost(Duration.ofSeconds(30)))
                .as("a second run")
                .isZero();

        PublishedEvents.awaitEvent(bootstrap, EventType.RELEASE_DEPLOYED, e -> release.equals(e.subject()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(PublicMetrics.value("whatmoved_outbox_backlog")).isZero();
            assertThat(PublicMetrics.value("whatmoved_outbox_oldest_age_seconds"))
                    .isZero();
        });
        assertThat(PublishedEvents.allEvents(bootstrap, Topics.RELEASES))
                .filteredOn(e -> release.equals(e.subject()))
                .hasSize(1);
    }
}
