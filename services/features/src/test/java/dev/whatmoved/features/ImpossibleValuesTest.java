package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.features.intake.github.GitHubSignature;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Values that cannot be true (a deployment in year 169108099, an expected change of 1e400 %) are refused at the door
 * with a 400 naming the field, instead of being stored as something else and published in an event that breaks its
 * schema.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class ImpossibleValuesTest {

    private static final AtomicLong DEPLOYMENTS = new AtomicLong(73000);

    /** As JSON values: strings are quoted, numbers are not. */
    private static final String[] IMPOSSIBLE_TIMES = {
        "\"+1000000000-01-01T00:00:00Z\"",
        "\"-5000-01-01T00:00:00Z\"",
        "\"+10000-01-01T00:00:00Z\"",
        "\"1969-12-31T23:59:59Z\"",
        "\"Infinity\"",
        "1e400",
        "1764000000",
        "\"2026-11-24T10:15\""
    };

    @Test
    void aReleaseDeployedAtAnImpossibleTimeIsRefusedNamingDeployedAt() {
        for (String deployedAt : IMPOSSIBLE_TIMES) {
            release("impossible-time", deployedAt)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("deployedAt"))
                    .body("errors[0].message", containsString("RFC 3339"));
        }
        caller(Scopes.READ)
                .get("/api/releases?service=impossible-time")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        release("impossible-time", "\"2026-11-24T10:15:30.5+01:00\"")
                .then()
                .statusCode(201)
                .body("deployedAt", equalTo("2026-11-24T09:15:30.500Z"));
    }

    @Test
    void webhooksRefuseAnImpossibleTimeNamingThePayloadsField() {
        for (String time : new String[] {"+10000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "1969-07-20T20:17:40Z"}) {
            byte[] github = Payloads.edited(
                    "github/deployment_status-success-actions.json",
                    p -> ((ObjectNode) p.path("deployment_status")).put("created_at", time));
            GitHubWebhookTest.deliver(
                            "deployment_status",
                            UUID.randomUUID().toString(),
                            github,
                            GitHubSignature.header(GitHubWebhookTest.SECRET, github))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("deployment_status.created_at"));

            byte[] gitlab = Payloads.edited("gitlab/deployment-success.json", p -> {
                p.put("status_changed_at", time).put("deployment_id", DEPLOYMENTS.incrementAndGet());
                ((ObjectNode) p.path("project")).put("name", "impossible-gitlab");
            });
            GitLabWebhookTest.deliver("Deployment Hook", GitLabWebhookTest.TOKEN, gitlab)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("status_changed_at"));

            byte[] cdevent =
                    Payloads.edited("cdevents/v0.4/service-deployed.json", p -> ((ObjectNode) p.path("context"))
                            .put("id", UUID.randomUUID().toString())
                            .put("timestamp", time));
            caller(Scopes.RELEASES_WRITE)
                    .contentType("application/json")
                    .body(cdevent)
                    .post("/webhooks/cdevents")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("context.timestamp"));
        }
        byte[] gitlabTooLate = Payloads.edited("gitlab/deployment-success.json", p -> {
            p.put("status_changed_at", "10000-01-01 00:00:00 UTC").put("deployment_id", DEPLOYMENTS.incrementAndGet());
            ((ObjectNode) p.path("project")).put("name", "impossible-gitlab");
        });
        GitLabWebhookTest.deliver("Deployment Hook", GitLabWebhookTest.TOKEN, gitlabTooLate)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status_changed_at"));
    }

    @Test
    void aPredictionsNumbersMustBeFiniteAndWithinTheEventSchemasRange() {
        String[][] cases = {
            {"\"expectedChangePct\": 1e400", "predictions[0].expectedChangePct"},
            {"\"expectedChangePct\": \"Infinity\"", "predictions[0].expectedChangePct"},
            {"\"expectedChangePct\": \"NaN\"", "predictions[0].expectedChangePct"},
            {"\"expectedChangePct\": 2000000", "predictions[0].expectedChangePct"},
            {"\"expectedChangePct\": 3, \"range\": {\"lowPct\": -1e400, \"highPct\": 5}", "predictions[0].range.lowPct"
            },
            {
                "\"expectedChangePct\": 3, \"range\": {\"lowPct\": 1, \"highPct\": \"Infinity\"}",
                "predictions[0].range.highPct"
            },
            {"\"guardrail\": true, \"tolerancePct\": \"Infinity\"", "predictions[0].tolerancePct"},
            {"\"expectedChangePct\": 3, \"confidence\": \"NaN\"", "predictions[0].confidence"},
            {"\"expectedChangePct\": 3, \"confidence\": 1e400", "predictions[0].confidence"},
            // A whole number of days written with a fraction is not silently truncated to 30.
            {"\"expectedChangePct\": 3, \"horizonDays\": 30.7", "predictions[0].horizonDays"},
        };
        for (String[] c : cases) {
            String fields = c[0].contains("confidence") ? c[0] : c[0] + ", \"confidence\": 0.7";
            caller(Scopes.FEATURES_WRITE)
                    .contentType(ContentType.JSON)
                    .body(
                            """
                            {"key": "impossible-numbers", "title": "t", "team": "growth", "owner": "alice",
                             "predictions": [{"metric": "checkout.conversion", "direction": "up", %s}]}
                            """
                                    .formatted(fields))
                    .post("/api/features")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem(c[1]));
        }
        caller(Scopes.READ).get("/api/features/impossible-numbers").then().statusCode(404);

        Features.createCommitted("impossible-amend", "growth");
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.amendment("typo", 1)
                        .replace("\"expectedChangePct\": 1.0", "\"expectedChangePct\": 1e400"))
                .post("/api/features/impossible-amend/amendments")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("amended.expectedChangePct"));
        caller(Scopes.READ)
                .get("/api/features/impossible-amend")
                .then()
                .statusCode(200)
                .body("predictions[0].version", equalTo(1));
    }

    /**
     * The control-character rule (docs/security.md): a label (team, owner, service, environment ...) holds none of
     * U+0000-U+001F, U+007F, U+2028, U+2029; free text (title, problem, description, reason) may hold tab, LF and CR.
     * An escape sequence in a team name would recolour or rewrite the terminal of whoever reads a log or export.
     */
    @Test
    void labelsRefuseEveryControlCharacterAndFreeTextOnlyKeepsTabAndLineBreaks() {
        String[][] refused = { // field, its value as JSON string content
            {"team", "growth\\u001b[31m"},
            {"owner", "alice\\tbob"},
            {"owner", "alice\\u2028"},
            {"title", "One\\u0007click"},
            {"problem", "slow\\u007f"},
            {"problem", "slow\\u2029"},
        };
        for (String[] c : refused) {
            caller(Scopes.FEATURES_WRITE)
                    .contentType(ContentType.JSON)
                    .body(draftWith(c[0], c[1]))
                    .post("/api/features")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem(c[0]))
                    .body("errors.message", hasItem(containsString("control characters")));
        }
        caller(Scopes.READ).get("/api/features/control-chars").then().statusCode(404);

        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(draftWith("problem", "Two lines:\\r\\n\\tindented"))
                .post("/api/features")
                .then()
                .statusCode(201)
                .body("problem", equalTo("Two lines:\r\n\tindented"));

        caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "control-chars", "version": "1.0.0", "environment": "prod\\u001b[2K",
                         "deployedAt": "2026-11-24T10:15:30Z"}
                        """)
                .post("/api/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("environment"));
    }

    /**
     * The webhooks read their payloads as JSON trees, which the NUL-refusing string reader does not see: each field
     * they read is checked by the same rule, naming the payload's own field, and before deduplication, so a broken
     * body carrying a deployment seen before is a 400, not a 200 "seen before".
     */
    @Test
    void webhooksRefuseControlCharactersNamingThePayloadsFieldEvenForADeploymentSeenBefore() {
        byte[] valid = Payloads.edited("github/deployment_status-success-actions.json", p -> {
            ((ObjectNode) p.path("deployment_status"))
                    .put("created_at", java.time.Instant.now().toString());
            ((ObjectNode) p.path("deployment")).put("id", DEPLOYMENTS.incrementAndGet());
            ((ObjectNode) p.path("repository")).put("name", "control-chars-github");
        });
        GitHubWebhookTest.deliver(
                        "deployment_status",
                        UUID.randomUUID().toString(),
                        valid,
                        GitHubSignature.header(GitHubWebhookTest.SECRET, valid))
                .then()
                .statusCode(201);
        for (String name : new String[] {"control-chars\u0000github", "control-chars\u001bgithub"}) {
            byte[] broken = Payloads.edited("github/deployment_status-success-actions.json", p -> {
                ((ObjectNode) p.path("deployment_status"))
                        .put("created_at", java.time.Instant.now().toString());
                ((ObjectNode) p.path("deployment")).put("id", DEPLOYMENTS.get());
                ((ObjectNode) p.path("repository")).put("name", name);
            });
            GitHubWebhookTest.deliver(
                            "deployment_status",
                            UUID.randomUUID().toString(),
                            broken,
                            GitHubSignature.header(GitHubWebhookTest.SECRET, broken))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("repository.name"));
        }

        byte[] gitlab = Payloads.edited("gitlab/deployment-success.json", p -> p.put("ref", "v1\u0000")
                .put("deployment_id", DEPLOYMENTS.incrementAndGet()));
        GitLabWebhookTest.deliver("Deployment Hook", GitLabWebhookTest.TOKEN, gitlab)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("ref"));

        byte[] cdevent = Payloads.edited("cdevents/v0.4/service-deployed.json", p -> {
            ((ObjectNode) p.path("context")).put("id", UUID.randomUUID().toString());
            ((ObjectNode) p.path("subject").path("content")).put("artifactId", "pkg:oci/inventory\u2028@1.0");
        });
        caller(Scopes.RELEASES_WRITE)
                .contentType("application/json")
                .body(cdevent)
                .post("/webhooks/cdevents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("subject.content.artifactId"));
        caller(Scopes.READ)
                .get("/api/releases?service=control-chars-github")
                .then()
                .statusCode(200)
                .body("total", equalTo(1));
    }

    /** The draft of feature control-chars with {@code field} set to {@code json} (a JSON string's content). */
    private static String draftWith(String field, String json) {
        return Features.draft("control-chars", "growth")
                .replaceFirst(
                        "\"" + field + "\": \"[^\"]*\"",
                        java.util.regex.Matcher.quoteReplacement("\"" + field + "\": \"" + json + "\""));
    }

    private static Response release(String service, String deployedAt) {
        return caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "%s", "version": "1.0.0", "environment": "production", "deployedAt": %s}
                        """
                                .formatted(service, deployedAt))
                .post("/api/releases");
    }
}
