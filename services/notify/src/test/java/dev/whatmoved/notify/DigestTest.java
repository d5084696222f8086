package dev.whatmoved.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.notify.digest.DigestService;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The weekly "what moved" digest: printed as Markdown by the API, and sent once a week through the channels. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "notify"))
@WithTestResource(GreenMailResource.class)
@WithTestResource(StubAttribution.class)
class DigestTest {

    static final Receivers RECEIVERS = new Receivers();

    @Inject
    DigestService digests;

    @AfterAll
    static void closeReceivers() {
        RECEIVERS.close();
    }

    @Test
    void aTeamsWeekIsPrintedAsMarkdownAndSentOncePerRule() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String team = "digest-" + id;
        String feature = "reorder-" + id;
        String service = "basket-" + id;
        String secret = "digest-signing-key-" + id;
        String slack = "/digest-slack/" + id;
        String hook = "/digest-hook/" + id;
        Rules.create(
                team,
                """
                {"name": "weekly", "events": ["digest.weekly"], "channel": {"type": "slack", "url": "%s"}}
                """
                        .formatted(RECEIVERS.url(slack)));
        Rules.create(
                team,
                """
                {"name": "weekly hook", "events": ["digest.weekly"],
                 "channel": {"type": "webhook", "url": "%s", "secret": "%s"}}
                """
                        .formatted(RECEIVERS.url(hook), secret));

        Events.featureCommitted(feature, team, 30);
        Events.amendedAfterShip(feature, team);
        // same partition as the commit: once the amendment is in the digest, the commit is applied
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(digest(team)).contains("## Predictions amended after ship (1)"));
        UUID release = UUID.randomUUID();
        Events.releaseDeployed(release, service, "[\"" + feature + "\"]");
        Events.releaseDeployed(UUID.randomUUID(), service, "[]");
        Events.outcomeMeasured(UUID.randomUUID(), release, feature, 1, 1, "inconclusive");
        Events.outcomeMeasured(UUID.randomUUID(), release, feature, 7, 1, "moved-as-predicted");
        Events.guardrailBreached(release, feature);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(digest(team))
                .contains(
                        "# What moved: " + team,
                        "## Verdicts that landed (1)",
                        "Early read (day 7): " + feature + " checkout.conversions moved as predicted",
                        " ([SHOP-42](" + Events.TRACKER_URL + "))",
                        "## Guardrail breaches (1)",
                        "## Shipped without a prediction (1)",
                        "Release without a feature: " + service + " 7.1.0 in production",
                        "## Predictions amended after ship (1)"));
        // released 2026-11-20; days 1 and 7 of prediction 1 are read; the guardrail (#2) was never measured
        assertThat(digest(team))
                .contains("## Still pending (2)")
                .contains("| " + feature + " | #1 checkout.conversions | " + service
                        + " in production, 2026-11-20 | day 14, 2026-12-04 | day 30, 2026-12-20 |")
                .contains("| " + feature + " | #2 checkout.latency-p95 | " + service
                        + " in production, 2026-11-20 | day 1, 2026-11-21 | day 30, 2026-12-20 |");

        digests.queueWeekly(Instant.now()).await().indefinitely();
        digests.queueWeekly(Instant.now()).await().indefinitely(); // the same week again: nothing new
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        RECEIVERS.at(slack).size() == 1 && RECEIVERS.at(hook).size() == 1);
        VendorShapes.assertSlackMessage(RECEIVERS.at(slack).get(0).json());
        assertThat(RECEIVERS.at(slack).get(0).json().path("text").asText()).startsWith("What moved for " + team);
        Receivers.Received signed = RECEIVERS.at(hook).get(0);
        VendorShapes.assertSignedCloudEvent(signed, secret);
        assertThat(signed.json().path("type").asText()).isEqualTo(DigestService.EVENT_TYPE);
        assertThat(signed.json().path("data").path("markdown").asText())
                .contains("## Guardrail breaches (1)", "| 2026-Q4 | 4 | 4 | 0.162 | 75 % |");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> RECEIVERS.at(slack).size() == 1);
    }

    @Test
    void theCalibrationTrendIsReadFromAttributionAndItsAbsenceSaid() {
        String token = TestTokens.withScopes(Scopes.READ);
        String printed = RestAssured.given()
                .auth()
                .oauth2(token)
                .get("/api/teams/calib-growth/digest?since=7d")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(printed)
                .contains(
                        "## Calibration\n\n| quarter | predictions | scored | Brier score | hit rate |\n|---|---|---|---|---|\n"
                                + "| 2026-Q3 | 3 | 2 | 0.245 | 50 % |\n"
                                + "| 2026-Q4 | 4 | 4 | 0.162 | 75 % |\n",
                        "Relative Brier score: 0.95 (the team's Brier score over the median of 5 scored teams, 0.200;"
                                + " below 1 is better).");
        // attribution was asked for that team, with the caller's own token
        assertThat(StubAttribution.lastAuthorization).isEqualTo("Bearer " + token);

        // attribution down: the digest is still printed, and says why the section is missing
        assertThat(digest("down-growth"))
                .contains("## Still pending (0)")
                .contains("## Calibration\n\nNot available: attribution answered 503 at http://127.0.0.1:");
    }

    @Test
    void aPeriodThatIsNotOneIsRefused() {
        TestTokens.caller(Scopes.READ)
                .get("/api/teams/any/digest?since=forever")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    private static String digest(String team) {
        return TestTokens.caller(Scopes.READ)
                .get("/api/teams/" + team + "/digest?since=7d")
                .then()
                .statusCode(200)
                .contentType("text/markdown")
                .extract()
                .asString();
    }
}
