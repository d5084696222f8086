package dev.whatmoved.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Each door gets what its real sender sends; the features service's own tests check the reading of it. */
class ReleasePayloadsTest {

    private final Scenario scenario = QuarterStory.build(LocalDate.of(2026, 11, 24));
    private final ReleasePayloads payloads = new ReleasePayloads();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void gitHubDeliveriesAreSignedOverTheExactBytesAndLinkByTheRunTitle() throws Exception {
        ReleasePayloads.Delivery delivery = payloads.delivery(scenario.release("r02"), 2);
        JsonNode body = json.readTree(delivery.body());
        assertThat(delivery.path()).isEqualTo("/webhooks/github");
        assertThat(delivery.headers()).containsEntry("X-GitHub-Event", "deployment_status");
        assertThat(body.at("/deployment_status/state").asText()).isEqualTo("success");
        assertThat(body.at("/repository/name").asText()).isEqualTo("web-app");
        assertThat(body.at("/deployment/ref").asText()).isEqualTo("v5.20.0");
        assertThat(body.at("/workflow_run/display_title").asText()).startsWith("[onboarding-checklist] ");
        // the well-known example of GitHub's documentation on validating deliveries
        assertThat(FeaturesClient.hmac("It's a Secret to Everybody", "Hello, World!".getBytes()))
                .isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        // a second replay sends the same delivery id: the service answers with the release it stored
        assertThat(payloads.delivery(scenario.release("r02"), 2).headers().get("X-GitHub-Delivery"))
                .isEqualTo(delivery.headers().get("X-GitHub-Delivery"));
    }

    @Test
    void gitLabWritesItsOwnTimeFormatAndTagsTheFeatureInTheCommitTitle() throws Exception {
        JsonNode body =
                json.readTree(payloads.delivery(scenario.release("r09"), 9).body());
        OffsetDateTime at = OffsetDateTime.parse(
                body.path("status_changed_at").asText(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z"));
        assertThat(at.toInstant()).isEqualTo(scenario.release("r09").deployedAt());
        assertThat(body.path("commit_title").asText()).startsWith("[split-payments] ");
        assertThat(body.path("commit_url").asText())
                .endsWith(scenario.release("r09").commit());
    }

    @Test
    void cdEventsRollbacksAreServiceRolledBackAndStructuredModeCarriesATrailer() throws Exception {
        ReleasePayloads.Delivery rollback = payloads.delivery(scenario.release("r21"), 21);
        assertThat(rollback.headers()).containsEntry("ce-type", "dev.cdevents.service.rolledback.0.2.0");
        assertThat(json.readTree(rollback.body()).at("/context/id").asText())
                .isEqualTo(rollback.headers().get("ce-id"));
        ReleasePayloads.Delivery structured = payloads.delivery(scenario.release("r12"), 12);
        assertThat(structured.headers()).containsEntry("Content-Type", "application/cloudevents+json");
        assertThat(json.readTree(structured.body())
                        .at("/data/customData/description")
                        .asText())
                .endsWith("\n\nFeature: semantic-ranking");
    }

    @Test
    void theNativeRollbackIsFlaggedAndRetriesAreIdempotent() throws Exception {
        ReleasePayloads.Delivery delivery = payloads.delivery(scenario.release("r15"), 15);
        assertThat(delivery.path()).isEqualTo("/api/releases");
        assertThat(json.readTree(delivery.body()).path("rollback").asBoolean()).isTrue();
        assertThat(delivery.headers()).containsKey("Idempotency-Key");
    }
}
