package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;
import static io.restassured.config.EncoderConfig.encoderConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.features.intake.github.GitHubSignature;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /webhooks/github} with deliveries shaped and signed as GitHub sends them. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class GitHubWebhookTest {

    /** The test profile's {@code whatmoved.intake.github.secret}. */
    static final String SECRET = "whk-test-3b9c41e07f2a";

    private static final String ACTIONS = "github/deployment_status-success-actions.json";
    private static final AtomicLong DEPLOYMENTS =
            new AtomicLong(2_300_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L));

    @TestHTTPResource("/webhooks/github")
    URI endpoint;

    @Test
    void storesASuccessfulDeploymentStatusAndPublishesReleaseDeployedOnce() {
        Features.create("one-tap-reorder", "release-intake");
        String delivery = "4f1d8c20-a57e-11f0-9d3b-5e2c71a0b8e4";
        Instant reportedAt = now();
        byte[] body = deployment(ACTIONS, nextDeployment(), reportedAt, payload -> {});

        var created = deliver("deployment_status", delivery, body, GitHubSignature.header(SECRET, body))
                .then()
                .statusCode(201)
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/releases/" + id);

        caller(Scopes.READ)
                .get("/api/releases/" + id)
                .then()
                .statusCode(200)
                .body("service", equalTo("storefront"))
                .body("version", equalTo("v4.12.0"))
                .body("environment", equalTo("production"))
                .body("commit", equalTo("c3b7e2f41a9d08e6b5f27c4d91e0a3b86f5d7c20"))
                .body("deployedAt", equalTo(reportedAt.toString()))
                .body("creator", equalTo("mpetrova"))
                .body("source", equalTo("github"))
                // the signed deployment, not the unsigned X-GitHub-Delivery, identifies it
                .body("deliveryId", startsWith("https://api.github.com#deployment-"))
                .body("state", equalTo("deployed"))
                // "[one-tap-reorder] ..." is the workflow run's title; the feature exists, so the tag links it
                .body("features", contains("one-tap-reorder"));

        var event = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.RELEASE_DEPLOYED,
                e -> id.equals(e.subject()));
        assertThat(event.key()).isEqualTo("storefront");
        assertThat(event.data().path("source").asText()).isEqualTo("github");
        assertThat(event.data().path("version").asText()).isEqualTo("v4.12.0");

        // GitHub's "Redeliver" sends the same X-GitHub-Delivery again: nothing new
        deliver("deployment_status", delivery, body, GitHubSignature.header(SECRET, body))
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
    }

    @Test
    void takesAFormEncodedDeliveryWithTheServiceAndVersionFromTheDeploymentPayload() {
        Instant reportedAt = now();
        String json = new String(
                deployment("github/deployment_status-success-api.json", nextDeployment(), reportedAt, payload -> {}),
                StandardCharsets.UTF_8);
        String form = "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
        byte[] body = form.getBytes(StandardCharsets.UTF_8);

        Response created = request(
                        "deployment_status", UUID.randomUUID().toString(), GitHubSignature.header(SECRET, body))
                .contentType("application/x-www-form-urlencoded")
                .body(form)
                .post("/webhooks/github");

        created.then()
                .statusCode(201)
                .body("service", equalTo("storefront-api"))
                .body("version", equalTo("2.8.1"))
                .body("commit", equalTo("8e41c07d5b2a96f3e0d7c1a4b58f29e6d3c0a7b1"))
                .body("deployedAt", equalTo(reportedAt.toString()))
                .body("creator", equalTo("acme-deployer[bot]"))
                .body("description", containsString("Feature: saved-payment-methods"))
                // a trailer links even a feature that is not registered (yet)
                .body("features", contains("saved-payment-methods"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "queued", "in_progress", "failure", "error", "inactive"})
    void acknowledgesOtherStatesAndStoresNothing(String state) {
        String delivery = UUID.randomUUID().toString();
        String service = "storefront-" + state.replace('_', '-');
        long deployment = nextDeployment();
        byte[] notSuccess =
                deployment("github/deployment_status-in_progress-actions.json", deployment, now(), payload -> {
                    ((ObjectNode) payload.path("deployment_status")).put("state", state);
                    ((ObjectNode) payload.path("repository")).put("name", service);
                });

        deliver("deployment_status", delivery, notSuccess, GitHubSignature.header(SECRET, notSuccess))
                .then()
                .statusCode(200)
                .body("status", equalTo("ignored"))
                .body("detail", containsString(state));

        assertNothingStoredFor(deployment, service);
    }

    @Test
    void answersPingAndAcknowledgesOtherEvents() {
        byte[] ping = Payloads.bytes("github/ping.json");
        deliver("ping", UUID.randomUUID().toString(), ping, GitHubSignature.header(SECRET, ping))
                .then()
                .statusCode(200)
                .body("status", equalTo("pong"))
                .body("detail", containsString("513408726"));

        byte[] push = "{\"ref\": \"refs/heads/main\", \"after\": \"c3b7e2f41a9d08e6b5f27c4d91e0a3b86f5d7c20\"}"
                .getBytes(StandardCharsets.UTF_8);
        deliver("push", UUID.randomUUID().toString(), push, GitHubSignature.header(SECRET, push))
                .then()
                .statusCode(200)
                .body("status", equalTo("ignored"));
    }

    @Test
    void refusesAMissingOrWrongSignatureAndStoresNothing() throws IOException {
        String delivery = UUID.randomUUID().toString();
        long deployment = nextDeployment();
        byte[] body = deployment(ACTIONS, deployment, now(), payload -> ((ObjectNode) payload.path("repository"))
                .put("name", "storefront-signature-check"));

        deliver("deployment_status", delivery, body, null)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("X-Hub-Signature-256 is required"));
        deliver("deployment_status", delivery, body, GitHubSignature.header("another-secret", body))
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("does not match"));
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[tampered.length - 3] = (byte) ' ';
        deliver("deployment_status", delivery, tampered, GitHubSignature.header(SECRET, body))
                .then()
                .statusCode(401);
        deliver("deployment_status", delivery, body, "sha256=not-hex").then().statusCode(401);

        assertNothingStoredFor(deployment, "storefront-signature-check");
        // neither the secret nor a signature (right or wrong) reaches the log
        String log = Files.readString(Path.of("target/service-test.log"));
        assertThat(log)
                .doesNotContain(SECRET)
                .doesNotContain(GitHubSignature.header(SECRET, body).substring(7));
        assertThat(log)
                .doesNotContain(GitHubSignature.header("another-secret", body).substring(7));
    }

    @Test
    void signatureIsHmacSha256OfTheRawBodyAsGitHubComputesIt() throws GeneralSecurityException {
        byte[] body = Payloads.bytes(ACTIONS);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));

        assertThat(GitHubSignature.header(SECRET, body)).isEqualTo(expected);
        assertThat(GitHubSignature.matches(SECRET, body, expected)).isTrue();
        assertThat(GitHubSignature.matches(SECRET, body, expected.toUpperCase().replace("SHA256=", "sha256=")))
                .isTrue();
        assertThat(GitHubSignature.matches(SECRET, body, "sha1=" + expected.substring(7)))
                .isFalse();
    }

    @Test
    void rejectsMalformedJsonAndAMissingEventHeader() {
        byte[] broken = "{\"action\": \"created\", \"deployment_status\": {".getBytes(StandardCharsets.UTF_8);
        deliver("deployment_status", UUID.randomUUID().toString(), broken, GitHubSignature.header(SECRET, broken))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/malformed-json"));

        byte[] body = Payloads.bytes(ACTIONS);
        request(null, UUID.randomUUID().toString(), GitHubSignature.header(SECRET, body))
                .contentType("application/json")
                .body(body)
                .post("/webhooks/github")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("X-GitHub-Event"));

        byte[] noSha = Payloads.edited(ACTIONS, payload -> ((ObjectNode) payload.path("deployment")).putNull("sha"));
        deliver("deployment_status", UUID.randomUUID().toString(), noSha, GitHubSignature.header(SECRET, noSha))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("deployment.sha"));
    }

    @Test
    void refusesABodyOverOneMebibyteWithAProblemAndStoresNothing() throws Exception {
        String delivery = UUID.randomUUID().toString();
        long deployment = nextDeployment();
        byte[] huge = oversized(deployment);

        deliver("deployment_status", delivery, huge, GitHubSignature.header(SECRET, huge))
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("1 MiB"));

        // chunked, so no Content-Length announces the size: refused once read
        HttpResponse<String> chunked = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(endpoint)
                                .header("Content-Type", "application/json")
                                .header("X-GitHub-Event", "deployment_status")
                                .header("X-GitHub-Delivery", delivery)
                                .header(GitHubSignature.HEADER, GitHubSignature.header(SECRET, huge))
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        assertNothingStoredFor(deployment, "storefront-oversize");
    }

    @Test
    void oneDeploymentIsOneReleaseWhicheverHookDeliversItAndHoweverOftenItIsReplayed() {
        String service = "storefront-one-deployment";
        byte[] body = deployment(ACTIONS, nextDeployment(), now(), payload -> ((ObjectNode) payload.path("repository"))
                .put("name", service));
        String signature = GitHubSignature.header(SECRET, body);

        String id = deliver("deployment_status", UUID.randomUUID().toString(), body, signature)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // the organization's hook delivers the same deployment status under a delivery id of its own
        request("deployment_status", UUID.randomUUID().toString(), signature, "organization")
                .contentType("application/json")
                .body(body)
                .post("/webhooks/github")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        // whoever captured the signed body replays it under fresh delivery ids: the same release, nothing new
        for (int replay = 0; replay < 3; replay++) {
            deliver("deployment_status", UUID.randomUUID().toString(), body, signature)
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id));
        }

        caller(Scopes.READ)
                .queryParam("service", service)
                .get("/api/releases")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id));
    }

    @Test
    void refusesASignedDeploymentStatusOlderThanSevenDaysAndStoresNothing() {
        long stale = nextDeployment();
        String service = "storefront-stale";
        byte[] old = deployment(ACTIONS, stale, now().minus(Duration.ofDays(7).plusMinutes(5)), payload -> ((ObjectNode)
                        payload.path("repository"))
                .put("name", service));

        deliver("deployment_status", UUID.randomUUID().toString(), old, GitHubSignature.header(SECRET, old))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/delivery-too-old"))
                .body("detail", containsString("7 days"))
                .body("errors[0].field", equalTo("deployment_status.updated_at"));

        // within the bound (GitHub lets a delivery of the last 3 days be redelivered): stored
        byte[] recent = deployment(ACTIONS, nextDeployment(), now().minus(Duration.ofDays(6)), payload -> ((ObjectNode)
                        payload.path("repository"))
                .put("name", "storefront-six-days"));
        deliver("deployment_status", UUID.randomUUID().toString(), recent, GitHubSignature.header(SECRET, recent))
                .then()
                .statusCode(201);

        assertNothingStoredFor(stale, service);
    }

    @Test
    void refusesAnOverlongDeliveryIdNamingTheHeaderAndStoresNothing() {
        long deployment = nextDeployment();
        String service = "storefront-long-delivery";
        byte[] body = deployment(
                ACTIONS, deployment, now(), payload -> ((ObjectNode) payload.path("repository")).put("name", service));
        String signature = GitHubSignature.header(SECRET, body);

        for (String delivery : new String[] {Payloads.random(5000), Payloads.random(201), "4f1d8c20 a57e"}) {
            deliver("deployment_status", delivery, body, signature)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("X-GitHub-Delivery"))
                    .body("errors[0].message", containsString("200"));
        }

        assertNothingStoredFor(deployment, service);
    }

    /** A real deployment_status payload padded past 1 MiB in its deployment description. */
    private static byte[] oversized(long deployment) {
        return deployment(ACTIONS, deployment, now(), payload -> {
            ((ObjectNode) payload.path("repository")).put("name", "storefront-oversize");
            ((ObjectNode) payload.path("deployment")).put("description", "x".repeat(1024 * 1024));
        });
    }

    /**
     * The delivery left no trace: the same deployment, reported now, correctly signed with state success, creates a
     * release (it would answer 200 with the stored release had anything been stored for it).
     */
    private static void assertNothingStoredFor(long deployment, String service) {
        byte[] success = deployment(
                ACTIONS, deployment, now(), payload -> ((ObjectNode) payload.path("repository")).put("name", service));
        deliver("deployment_status", UUID.randomUUID().toString(), success, GitHubSignature.header(SECRET, success))
                .then()
                .statusCode(201)
                .body("service", equalTo(service))
                .body("rollbackOf", nullValue());
    }

    /** A real delivery (a success of an Actions job, unless edited) for deployment {@code id}, reported at {@code at}. */
    static byte[] deployment(String file, long id, Instant at, Consumer<ObjectNode> edit) {
        return Payloads.edited(file, payload -> {
            ObjectNode deployment = (ObjectNode) payload.path("deployment");
            ObjectNode status = (ObjectNode) payload.path("deployment_status");
            String repository = deployment.path("url").asText().replaceAll("/deployments/\\d+$", "");
            long statusId = id + 1_794_000_000L;
            deployment.put("id", id).put("url", repository + "/deployments/" + id);
            status.put("id", statusId)
                    .put("url", repository + "/deployments/" + id + "/statuses/" + statusId)
                    .put("deployment_url", repository + "/deployments/" + id)
                    .put("created_at", at.toString())
                    .put("updated_at", at.toString());
            edit.accept(payload);
        });
    }

    /** A deployment id no other test uses. */
    static long nextDeployment() {
        return DEPLOYMENTS.incrementAndGet();
    }

    /** Now, in whole seconds as GitHub writes its times. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static Response deliver(String event, String delivery, byte[] body, String signature) {
        return request(event, delivery, signature)
                .contentType("application/json")
                .body(body)
                .post("/webhooks/github");
    }

    /** The headers GitHub sends with every delivery of a repository webhook. */
    private static io.restassured.specification.RequestSpecification request(
            String event, String delivery, String signature) {
        return request(event, delivery, signature, "repository");
    }

    /** The headers GitHub sends with every delivery of a repository or an organization webhook. */
    private static io.restassured.specification.RequestSpecification request(
            String event, String delivery, String signature, String hookTarget) {
        var request = given().config(RestAssured.config()
                        .encoderConfig(encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("User-Agent", "GitHub-Hookshot/7d1c3e5")
                .header("X-GitHub-Delivery", delivery)
                .header("X-GitHub-Hook-ID", "repository".equals(hookTarget) ? "513408726" : "512334871")
                .header("X-GitHub-Hook-Installation-Target-Type", hookTarget)
                .header(
                        "X-GitHub-Hook-Installation-Target-ID",
                        "repository".equals(hookTarget) ? "712384455" : "148220931");
        if (event != null) {
            request = request.header("X-GitHub-Event", event);
        }
        if (signature != null) {
            request = request.header(GitHubSignature.HEADER, signature);
        }
        return request;
    }
}
