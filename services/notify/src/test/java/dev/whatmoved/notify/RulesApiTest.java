package dev.whatmoved.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.AccessMatrix;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules API: who may do what, what a bad rule is told, and that a channel's credentials never come back. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "notify"))
@WithTestResource(GreenMailResource.class)
@WithTestResource(StubAttribution.class)
class RulesApiTest {

    private static final String SLACK_RULE =
            """
            {"name": "verdicts to #growth", "events": ["verdict.final"],
             "channel": {"type": "slack", "url": "https://hooks.slack.com/services/T000/B000/SECRETTOKEN"}}
            """;

    @Test
    void everyEndpointAnswersEachCallerExactlyAsItsScopeAllows() throws Exception {
        String team = "access-" + UUID.randomUUID().toString().substring(0, 8);
        String rule = Rules.create(team, SLACK_RULE);
        new AccessMatrix()
                .post(
                        "/api/teams/{team}/rules",
                        Scopes.FEATURES_WRITE,
                        () -> "/api/teams/" + team + "/rules",
                        () -> SLACK_RULE)
                .get("/api/teams/{team}/rules", Scopes.READ, () -> "/api/teams/" + team + "/rules")
                .get("/api/teams/{team}/rules/{id}", Scopes.READ, () -> "/api/teams/" + team + "/rules/" + rule)
                // each successful call removes a rule: a new one per call
                .delete(
                        "/api/teams/{team}/rules/{id}",
                        Scopes.FEATURES_WRITE,
                        () -> "/api/teams/" + team + "/rules/" + Rules.create(team, SLACK_RULE))
                .get("/api/teams/{team}/deliveries", Scopes.READ, () -> "/api/teams/" + team + "/deliveries")
                .get("/api/teams/{team}/digest", Scopes.READ, () -> "/api/teams/" + team + "/digest?since=7d")
                .assertCoversEveryOperation()
                .assertEnforced()
                .assertNoTokenLogged(Path.of("target/service-test.log"));
    }

    @Test
    void aRuleIsAnsweredWithoutItsUrlPathOrSecret() {
        String team = "redact-" + UUID.randomUUID().toString().substring(0, 8);
        String created = TestTokens.caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"name": "signed hook", "events": ["guardrail.breached"],
                         "channel": {"type": "webhook", "url": "https://hooks.example.com/in/TOKENPATH?key=QUERYKEY",
                                     "secret": "a-signing-secret-of-some-length"}}
                        """)
                .post("/api/teams/" + team + "/rules")
                .then()
                .statusCode(201)
                .body("channel.url", equalTo("https://hooks.example.com/…"))
                .body("channel.secretSet", equalTo(true))
                .extract()
                .asString();
        String listed = TestTokens.caller(Scopes.READ)
                .get("/api/teams/" + team + "/rules")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String answer : new String[] {created, listed}) {
            assertThat(answer).doesNotContain("TOKENPATH", "QUERYKEY", "a-signing-secret-of-some-length");
        }
    }

    @Test
    void aBadRuleGetsAProblemNamingTheField() {
        String team = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        bad(
                team,
                """
                {"name": "x", "events": ["verdict.landed"], "channel": {"type": "slack", "url": "https://h.example/x"}}
                """,
                "events[0]",
                "not a notification kind");
        bad(
                team,
                """
                {"name": "x", "events": ["verdict.final"], "channel": {"type": "webhook", "url": "https://h.example/x"}}
                """,
                "channel.secret",
                "at least 16 characters");
        bad(
                team,
                """
                {"name": "x", "events": ["verdict.final"], "channel": {"type": "slack", "url": "ftp://h.example/x"}}
                """,
                "channel.url",
                "http or https");
        bad(
                team,
                """
                {"name": "x", "events": ["verdict.final"], "channel": {"type": "pager", "url": "https://h.example/x"}}
                """,
                "channel.type",
                "not a channel");
        bad(
                team,
                """
                {"name": "x", "events": ["verdict.final"], "channel": {"type": "email"}}
                """,
                "channel.to",
                "at least one address");
        bad(
                team,
                """
                {"name": "x", "events": ["verdict.final"], "channel": {"type": "email", "to": ["not an address"]}}
                """,
                "channel.to",
                "");
        bad(
                team,
                """
                {"name": "x", "events": [], "channel": {"type": "slack", "url": "https://h.example/x"}}
                """,
                "events",
                "");
        TestTokens.caller(Scopes.READ)
                .get("/api/teams/" + team + "/rules/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        TestTokens.caller(Scopes.READ)
                .get("/api/teams/" + team + "/deliveries?status=lost")
                .then()
                .statusCode(400)
                .body("detail", containsString("status"));
    }

    private static void bad(String team, String body, String field, String reason) {
        TestTokens.caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/teams/" + team + "/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", containsString(field))
                .body("errors[0].message", containsString(reason));
    }
}
