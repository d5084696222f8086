package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /webhooks/gitlab} with deployment events shaped as GitLab sends them. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class GitLabWebhookTest {

    /** The test profile's {@code whatmoved.intake.gitlab.token}. */
    static final String TOKEN = "glwht-test-7d1f0c5e9a";

    private static final String INSTANCE = "https://gitlab.acme.example";
    private static final String SUCCESS = "gitlab/deployment-success.json";

    @Test
    void storesASuccessfulDeploymentAndCountsAResentHookOnce() {
        Features.create("split-payments", "release-intake");
        byte[] body = Payloads.bytes(SUCCESS);

        String id = deliver("Deployment Hook", TOKEN, body)
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        caller(Scopes.READ)
                .get("/api/releases/" + id)
                .then()
                .statusCode(200)
                .body("service", equalTo("payments-service"))
                .body("version", equalTo("v2.4.0"))
                .body("environment", equalTo("production"))
                // the payload has no full sha field: it is the end of commit_url
                .body("commit", equalTo("5f0c9e1a7b3d24c68e90f1a2b3c4d5e6f7081929"))
                // status_changed_at "2026-11-19 14:02:11 +0100"
                .body("deployedAt", equalTo("2026-11-19T13:02:11Z"))
                .body("creator", equalTo("jkowalski"))
                .body("source", equalTo("gitlab"))
                .body("deliveryId", equalTo(INSTANCE + "#deployment-48117"))
                .body("description", equalTo("[split-payments] Split a bill between two cards"))
                .body("features", contains("split-payments"));

        var event = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.RELEASE_DEPLOYED,
                e -> id.equals(e.subject()));
        assertThat(event.key()).isEqualTo("payments-service");
        assertThat(event.data().path("source").asText()).isEqualTo("gitlab");

        // "Resend request" in GitLab's hook log: new event and webhook UUIDs, the same deployment
        deliver("Deployment Hook", TOKEN, body).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void acknowledgesARunningDeploymentAndOtherHooks() {
        deliver("Deployment Hook", TOKEN, Payloads.bytes("gitlab/deployment-running.json"))
                .then()
                .statusCode(200)
                .body("status", equalTo("ignored"))
                .body("detail", containsString("running"));

        byte[] failed = deployment("ledger-failed", 61001, "v0.9.0", "2026-11-12 08:00:00 +0100", "failed");
        deliver("Deployment Hook", TOKEN, failed).then().statusCode(200).body("status", equalTo("ignored"));
        assertNothingStoredFor("ledger-failed", 61001);

        byte[] push = "{\"object_kind\": \"push\", \"event_name\": \"push\", \"ref\": \"refs/heads/main\"}".getBytes();
        deliver("Push Hook", TOKEN, push).then().statusCode(200).body("status", equalTo("ignored"));
    }

    @Test
    void refusesAMissingOrWrongTokenAndStoresNothing() {
        byte[] body = deployment("ledger-token-check", 61002, "v1.0.0", "2026-11-12 09:00:00 +0100", "success");

        deliver("Deployment Hook", null, body)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("X-Gitlab-Token is required"));
        deliver("Deployment Hook", "glwht-wrong", body)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("does not match"));

        assertNothingStoredFor("ledger-token-check", 61002);
    }

    @Test
    void aRedeployOfAnEarlierVersionRollsBackTheCurrentOne() {
        String v18 = created(deployment("ledger", 61010, "v1.8.0", "2026-11-10 10:00:00 +0100", "success"));
        String v19 = created(deployment("ledger", 61011, "v1.9.0", "2026-11-11 10:00:00 +0100", "success"));
        String back = created(deployment("ledger", 61012, "v1.8.0", "2026-11-11 16:30:00 +0100", "success"));

        caller(Scopes.READ)
                .get("/api/releases/" + v19)
                .then()
                .body("state", equalTo("rolled-back"))
                .body("rolledBackBy", equalTo(back))
                .body("rolledBackAt", equalTo("2026-11-11T15:30:00Z"));
        caller(Scopes.READ).get("/api/releases/" + back).then().body("rollbackOf", equalTo(v19));
        caller(Scopes.READ).get("/api/releases/" + v18).then().body("state", equalTo("deployed"));

        var rolledBack = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.RELEASE_ROLLED_BACK,
                e -> v19.equals(e.subject()));
        assertThat(rolledBack.data().path("reason").asText()).isEqualTo("redeploy");
        assertThat(rolledBack.data().path("rolledBackBy").asText()).isEqualTo(back);
    }

    @Test
    void rejectsMalformedJsonAndAnUnreadableTime() {
        deliver("Deployment Hook", TOKEN, "{\"object_kind\": \"deployment\",".getBytes())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));

        byte[] badTime = deployment("ledger-bad-time", 61003, "v1.0.0", "yesterday afternoon", "success");
        deliver("Deployment Hook", TOKEN, badTime)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status_changed_at"));
    }

    @Test
    void refusesAnOverlongInstanceOrEventUuidNamingTheHeaderAndStoresNothing() {
        byte[] body = deployment("ledger-long-headers", 61020, "v1.0.0", "2026-11-12 11:00:00 +0100", "success");
        deliver(body, INSTANCE + "/" + Payloads.random(5000), UUID.randomUUID().toString())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("X-Gitlab-Instance"));

        // without a deployment id, the event UUID would be the delivery id
        byte[] noDeploymentId = Payloads.edited(SUCCESS, payload -> {
            payload.remove("deployment_id");
            ((ObjectNode) payload.path("project"))
                    .put("name", "ledger-long-uuid")
                    .put("path_with_namespace", "acme-shop/ledger-long-uuid");
        });
        for (String uuid : new String[] {Payloads.random(5000), Payloads.random(201)}) {
            deliver(noDeploymentId, INSTANCE, uuid)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("X-Gitlab-Event-UUID"))
                    .body("errors[0].message", containsString("200"));
        }

        assertNothingStoredFor("ledger-long-headers", 61020);
        caller(Scopes.READ)
                .queryParam("service", "ledger-long-uuid")
                .get("/api/releases")
                .then()
                .body("total", equalTo(0));
    }

    private static String created(byte[] body) {
        return deliver("Deployment Hook", TOKEN, body)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** The nothing-stored check: the same deployment, now a success with the right token, is created. */
    private static void assertNothingStoredFor(String project, long deploymentId) {
        byte[] success = deployment(project, deploymentId, "v1.0.0", "2026-11-12 10:00:00 +0100", "success");
        deliver("Deployment Hook", TOKEN, success)
                .then()
                .statusCode(201)
                .body("service", equalTo(project))
                .body("rollbackOf", nullValue());
    }

    /** The real payload, for another project, deployment, ref, time and status. */
    private static byte[] deployment(String project, long deploymentId, String ref, String changedAt, String status) {
        return Payloads.edited(SUCCESS, payload -> {
            payload.put("status", status)
                    .put("deployment_id", deploymentId)
                    .put("deployable_id", deploymentId + 850000)
                    .put("deployable_url", INSTANCE + "/acme-shop/" + project + "/-/jobs/" + (deploymentId + 850000))
                    .put("status_changed_at", changedAt)
                    .put("ref", ref);
            ObjectNode projectNode = (ObjectNode) payload.path("project");
            projectNode.put("name", project).put("path_with_namespace", "acme-shop/" + project);
        });
    }

    /** The headers GitLab (17.x and later) sends with a project webhook delivery. */
    static Response deliver(String event, String token, byte[] body) {
        return deliver(event, token, body, INSTANCE, UUID.randomUUID().toString());
    }

    /** A deployment hook with the right token from {@code instance}, as event {@code eventUuid}. */
    private static Response deliver(byte[] body, String instance, String eventUuid) {
        return deliver("Deployment Hook", TOKEN, body, instance, eventUuid);
    }

    private static Response deliver(String event, String token, byte[] body, String instance, String eventUuid) {
        var request = given().header("User-Agent", "GitLab/18.5.1-ee")
                .header("X-Gitlab-Event", event)
                .header("X-Gitlab-Webhook-UUID", UUID.randomUUID().toString())
                .header("X-Gitlab-Instance", instance)
                .header("X-Gitlab-Event-UUID", eventUuid)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json")
                .body(body);
        if (token != null) {
            request = request.header("X-Gitlab-Token", token);
        }
        return request.post("/webhooks/gitlab");
    }
}
