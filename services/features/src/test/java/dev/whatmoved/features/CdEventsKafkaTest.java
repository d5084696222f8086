package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/**
 * CDEvents published to {@code whatmoved.cdevents} by a CD system, through the real broker: binary mode ({@code ce_*}
 * headers, the Kafka protocol binding of CloudEvents) and structured mode; redelivery; poison records dead-lettered.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class CdEventsKafkaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPLOYED = "cdevents/v0.4/service-deployed-recommendations.json";
    private static final String UPGRADED = "cdevents/v0.5/service-upgraded.cloudevent.json";

    @Test
    void storesServiceEventsInBothModesOnceEachEvenWhenRedelivered() {
        String bootstrap = EmbeddedPlatform.get().kafkaBootstrapServers();
        String binary = Payloads.text(DEPLOYED);
        // a producer that retries publishes the same CDEvent twice; the topic keeps both records
        TestEvents.publish(Topics.CDEVENTS, "recommendations", binary, binaryHeaders(binary));
        TestEvents.publish(Topics.CDEVENTS, "recommendations", binary, binaryHeaders(binary));
        // same key, so same partition: consumed after the two above
        TestEvents.publish(
                Topics.CDEVENTS,
                "recommendations",
                Payloads.text(UPGRADED),
                List.of(header("content-type", "application/cloudevents+json; charset=UTF-8")));

        var upgraded = PublishedEvents.awaitEvent(
                bootstrap,
                EventType.RELEASE_DEPLOYED,
                e -> "recommendations".equals(e.data().path("service").asText())
                        && "2.1.0".equals(e.data().path("version").asText()));
        caller(Scopes.READ)
                .get("/api/releases/" + upgraded.subject())
                .then()
                .statusCode(200)
                .body("source", equalTo("cdevents"))
                .body("deliveryId", equalTo("9b3f7d1e-4c8a-4e2b-a6d9-5f0c1e8b2a47"))
                .body("deployedAt", equalTo("2026-11-21T09:02:17.215Z"))
                .body("environment", equalTo("production"));

        List<PublishedEvents.Event> deployed = PublishedEvents.allEvents(bootstrap, Topics.RELEASES).stream()
                .filter(e -> e.type().equals(EventType.RELEASE_DEPLOYED.type()))
                .filter(e -> "recommendations".equals(e.data().path("service").asText()))
                .filter(e -> "2.0.0".equals(e.data().path("version").asText()))
                .toList();
        assertThat(deployed).as("release.deployed of recommendations 2.0.0").hasSize(1);
        caller(Scopes.READ)
                .get("/api/releases/" + deployed.get(0).subject())
                .then()
                .body("deliveryId", equalTo("1e7c3a9f-5b2d-4f8e-a0c6-9d4b2e1f7a35"))
                .body("creator", equalTo("/keptn/acme-prod/recommendations"))
                .body("deployedAt", equalTo("2026-11-20T07:31:55.640Z"));
    }

    @Test
    void deadLettersRecordsThatCanNeverBeAReleaseWithTheReason() throws IOException {
        String bootstrap = EmbeddedPlatform.get().kafkaBootstrapServers();

        TestEvents.publish(Topics.CDEVENTS, "poison-not-json", "{\"context\": {\"id\": ", List.of());
        assertDeadLettered(bootstrap, "poison-not-json", "not valid JSON");

        ObjectNode noEnvironment = (ObjectNode) JSON.readTree(Payloads.bytes(DEPLOYED));
        ((ObjectNode) noEnvironment.path("context")).put("id", UUID.randomUUID().toString());
        ((ObjectNode) noEnvironment.path("subject").path("content")).remove("environment");
        String value = JSON.writeValueAsString(noEnvironment);
        TestEvents.publish(Topics.CDEVENTS, "poison-no-environment", value, binaryHeaders(value));
        assertDeadLettered(bootstrap, "poison-no-environment", "subject.content.environment");

        ObjectNode notCdEvents = (ObjectNode) JSON.readTree(Payloads.bytes(DEPLOYED));
        ((ObjectNode) notCdEvents.path("context")).put("type", "com.acme.deploy.finished");
        TestEvents.publish(Topics.CDEVENTS, "poison-foreign-type", JSON.writeValueAsString(notCdEvents), List.of());
        assertDeadLettered(bootstrap, "poison-foreign-type", "com.acme.deploy.finished");
    }

    private static void assertDeadLettered(String bootstrap, String key, String reason) {
        var record =
                PublishedEvents.awaitRecord(bootstrap, Topics.deadLetter(Topics.CDEVENTS), r -> key.equals(r.key()));
        assertThat(PublishedEvents.headerValue(record, "dead-letter-reason")).contains(reason);
    }

    /** The Kafka binding's binary mode: the CloudEvents attributes as {@code ce_} headers, the CDEvent as value. */
    private static List<Header> binaryHeaders(String cdEvent) {
        try {
            JsonNode event = JSON.readTree(cdEvent);
            JsonNode context = event.path("context");
            return List.of(
                    header("ce_specversion", "1.0"),
                    header("ce_id", context.path("id").asText()),
                    header("ce_source", context.path("source").asText()),
                    header("ce_type", context.path("type").asText()),
                    header("ce_subject", event.path("subject").path("id").asText()),
                    header("ce_time", context.path("timestamp").asText()),
                    header("content-type", "application/json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
