package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;
import static io.restassured.config.EncoderConfig.encoderConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /webhooks/cdevents}: CDEvents of spec 0.3, 0.4 and 0.5 as CloudEvents over HTTP, in binary mode
 * ({@code ce-*} headers) and structured mode ({@code application/cloudevents+json}).
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class CdEventsWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void storesASpec03ServiceDeployedInBinaryModeAndCountsItsRedeliveryOnce() throws IOException {
        String file = "cdevents/v0.3/service-deployed.json";

        String id = binary(file, "application/json")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        caller(Scopes.READ)
                .get("/api/releases/" + id)
                .then()
                .statusCode(200)
                .body("service", equalTo("inventory"))
                // the OCI purl's tag qualifier, not its digest
                .body("version", equalTo("3.2.0"))
                .body("environment", equalTo("production"))
                .body("deployedAt", equalTo("2026-11-19T08:12:44.381Z"))
                .body("creator", equalTo("/argocd/prod-eu-1"))
                .body("source", equalTo("cdevents"))
                .body("deliveryId", equalTo("b3e5c8a1-6d2f-4e7a-9c0b-1f8e2d3a4c57"))
                .body("commit", nullValue());

        var event = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.RELEASE_DEPLOYED,
                e -> id.equals(e.subject()));
        assertThat(event.data().path("source").asText()).isEqualTo("cdevents");
        assertThat(event.key()).isEqualTo("inventory");

        // the same CDEvent (its context.id) again, even in the other mode, is the stored release
        structured(cloudEvent(file)).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void storesASpec05ServiceDeployedWithWhatmovedCustomData() {
        Features.create("search-typo-tolerance", "release-intake");

        binary("cdevents/v0.5/service-deployed.json", "application/cdevents+json")
                .then()
                .statusCode(201)
                .body("service", equalTo("search"))
                .body("version", equalTo("7.0.0"))
                // a github purl's version is the commit
                .body("commit", equalTo("1b6e0f3a9c2d4e5f8a7b6c5d4e3f2a1b0c9d8e7f"))
                .body("deployedAt", equalTo("2026-11-19T11:26:08Z"))
                .body("deliveryId", equalTo("7c4b2e9a-1f3d-4a8c-b5e6-0d9f2a7c3e18"))
                .body(
                        "features",
                        containsInAnyOrder("semantic-search", "instant-suggestions", "search-typo-tolerance"));
    }

    @Test
    void aSpec04RolledbackMarksTheReleaseItReplacedAndPublishesReleaseRolledback() {
        String deployed = binary("cdevents/v0.4/service-deployed.json", "application/json")
                .then()
                .statusCode(201)
                .body("version", equalTo("5.4.0"))
                .extract()
                .path("id");
        String upgraded = structured(Payloads.bytes("cdevents/v0.4/service-upgraded.cloudevent.json"))
                .then()
                .statusCode(201)
                .body("service", equalTo("pricing"))
                .body("version", equalTo("5.5.0"))
                .body("rollbackOf", nullValue())
                .extract()
                .path("id");
        String rollback = binary("cdevents/v0.4/service-rolledback.json", "application/json")
                .then()
                .statusCode(201)
                .body("version", equalTo("5.4.0"))
                .body("rollbackOf", equalTo(upgraded))
                .extract()
                .path("id");

        caller(Scopes.READ)
                .get("/api/releases/" + upgraded)
                .then()
                .body("state", equalTo("rolled-back"))
                .body("rolledBackBy", equalTo(rollback))
                .body("rolledBackAt", equalTo("2026-11-18T16:47:29.912Z"));
        caller(Scopes.READ).get("/api/releases/" + deployed).then().body("state", equalTo("deployed"));

        var event = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.RELEASE_ROLLED_BACK,
                e -> upgraded.equals(e.subject()));
        assertThat(event.data().path("reason").asText()).isEqualTo("cdevents");
        assertThat(event.data().path("version").asText()).isEqualTo("5.5.0");
        assertThat(event.data().path("rolledBackBy").asText()).isEqualTo(rollback);
    }

    @Test
    void answersAnotherCdEventsTypeWith422NamingIt() {
        binary("cdevents/v0.4/pipelinerun-finished.json", "application/json")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("dev.cdevents.pipelinerun.finished.0.2.0"))
                .body("errors[0].field", equalTo("context.type"));
    }

    @Test
    void rejectsMalformedJsonAndAMissingFieldNamingIt() {
        caller(Scopes.RELEASES_WRITE)
                .contentType("application/cloudevents+json")
                .body("{\"specversion\": \"1.0\", \"data\": {")
                .post("/webhooks/cdevents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("malformed-json"));

        byte[] noEnvironment = Payloads.edited("cdevents/v0.4/service-deployed.json", event -> {
            ((ObjectNode) event.path("context")).put("id", "4d1e8b2c-0000-4000-8000-000000000001");
            ((ObjectNode) event.path("subject").path("content")).remove("environment");
        });
        caller(Scopes.RELEASES_WRITE)
                .contentType("application/json")
                .body(noEnvironment)
                .post("/webhooks/cdevents")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("subject.content.environment"));

        caller(Scopes.RELEASES_WRITE)
                .contentType("application/cloudevents+json")
                .body("{\"specversion\": \"1.0\", \"id\": \"x\", \"type\": \"dev.cdevents.service.deployed.0.2.0\"}")
                .post("/webhooks/cdevents")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("data"));
    }

    @Test
    void refusesABodyOverOneMebibyteAndACallerWithoutReleasesWrite() {
        byte[] huge =
                Payloads.edited("cdevents/v0.3/service-deployed.json", event -> ((ObjectNode) event.path("customData"))
                        .put("padding", "x".repeat(1024 * 1024)));
        caller(Scopes.RELEASES_WRITE)
                .contentType("application/json")
                .body(huge)
                .post("/webhooks/cdevents")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");

        given().contentType("application/json")
                .body(Payloads.bytes("cdevents/v0.3/service-deployed.json"))
                .post("/webhooks/cdevents")
                .then()
                .statusCode(401);
        caller(Scopes.READ)
                .contentType("application/json")
                .body(Payloads.bytes("cdevents/v0.3/service-deployed.json"))
                .post("/webhooks/cdevents")
                .then()
                .statusCode(403);
    }

    @Test
    void aRolledbackWithTheTimestampOfTheReleaseItReplacesRollsThatOneBack() {
        String service = "pricing-" + UUID.randomUUID().toString().substring(0, 8);
        String deployed =
                bare(cdEvent("cdevents/v0.4/service-deployed.json", service, "5.4.0", "2026-11-18T16:40:00Z"));
        String upgraded =
                bare(cdEvent("cdevents/v0.4/service-deployed.json", service, "5.5.0", "2026-11-18T16:47:29Z"));
        // the SDK wrote whole seconds: the rollback carries the same timestamp as 5.5.0
        String rollback =
                bare(cdEvent("cdevents/v0.4/service-rolledback.json", service, "5.4.0", "2026-11-18T16:47:29Z"));

        caller(Scopes.READ).get("/api/releases/" + rollback).then().body("rollbackOf", equalTo(upgraded));
        caller(Scopes.READ)
                .get("/api/releases/" + upgraded)
                .then()
                .body("state", equalTo("rolled-back"))
                .body("rolledBackBy", equalTo(rollback));
        caller(Scopes.READ).get("/api/releases/" + deployed).then().body("state", equalTo("deployed"));
    }

    /** A CDEvent of its own (a new context id) for {@code service} and {@code version} at {@code timestamp}. */
    private static byte[] cdEvent(String file, String service, String version, String timestamp) {
        return Payloads.edited(file, event -> {
            ((ObjectNode) event.path("context"))
                    .put("id", UUID.randomUUID().toString())
                    .put("timestamp", timestamp);
            ((ObjectNode) event.path("customData")).put("service", service).put("version", version);
        });
    }

    /** A bare CDEvent over HTTP; the stored release's id. */
    private static String bare(byte[] event) {
        return caller(Scopes.RELEASES_WRITE)
                .contentType("application/json")
                .body(event)
                .post("/webhooks/cdevents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Binary mode: the CloudEvents attributes as {@code ce-} headers, the CDEvent as the body. */
    private static Response binary(String file, String contentType) {
        JsonNode context = read(file).path("context");
        return exact().header("ce-specversion", "1.0")
                .header("ce-id", context.path("id").asText())
                .header("ce-source", context.path("source").asText())
                .header("ce-type", context.path("type").asText())
                .header("ce-subject", read(file).path("subject").path("id").asText())
                .header("ce-time", context.path("timestamp").asText())
                .contentType(contentType)
                .body(Payloads.bytes(file))
                .post("/webhooks/cdevents");
    }

    /** Structured mode: the whole CloudEvent as JSON. */
    private static Response structured(byte[] cloudEvent) {
        return exact().contentType("application/cloudevents+json; charset=utf-8")
                .body(cloudEvent)
                .post("/webhooks/cdevents");
    }

    /** A CDEvent wrapped as a structured-mode CloudEvent. */
    private static byte[] cloudEvent(String file) throws IOException {
        JsonNode event = read(file);
        ObjectNode cloudEvent = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", event.path("context").path("id").asText())
                .put("source", event.path("context").path("source").asText())
                .put("type", event.path("context").path("type").asText())
                .put("subject", event.path("subject").path("id").asText())
                .put("time", event.path("context").path("timestamp").asText())
                .put("datacontenttype", "application/json");
        cloudEvent.set("data", event);
        return JSON.writeValueAsBytes(cloudEvent);
    }

    private static RequestSpecification exact() {
        return given().config(RestAssured.config()
                        .encoderConfig(encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .auth()
                .oauth2(TestTokens.withScopes(Scopes.RELEASES_WRITE));
    }

    private static JsonNode read(String file) {
        try {
            return JSON.readTree(Payloads.bytes(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
