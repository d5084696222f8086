package dev.whatmoved.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A receiver that keeps failing: retried with backoff, named in readiness (which stays UP) and counted in the metrics;
 * once it recovers it gets the notification exactly once, and the failure clears.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "notify"))
@WithTestResource(GreenMailResource.class)
@WithTestResource(StubAttribution.class)
class DeliveryRetryTest {

    static final Receivers RECEIVERS = new Receivers();

    @AfterAll
    static void closeReceivers() {
        RECEIVERS.close();
    }

    @Test
    void aFailingReceiverIsRetriedShownInHealthAndMetricsThenGetsTheNotificationOnce() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String team = "payments-" + id;
        String feature = "wallet-" + id;
        String token = "T0SECRET" + id;
        String path = "/flaky/" + id + "/" + token;
        RECEIVERS.failNext(path, Integer.MAX_VALUE);
        String rule = Rules.create(
                team,
                """
                {"name": "flaky teams", "events": ["prediction.amended-after-ship"],
                 "channel": {"type": "teams", "url": "%s"}}
                """
                        .formatted(RECEIVERS.url(path)));

        Events.featureCommitted(feature, team, 30);
        Events.amendedAfterShip(feature, team);

        // the first events of a test JVM wait for the consumer groups to form: generous on a loaded machine
        await().atMost(Duration.ofSeconds(120))
                .until(() -> RECEIVERS.refusedAt(path).size() >= 3);
        // failing: readiness stays UP and names the rule; the metrics count failures and a pending delivery
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(ready.getString("status")).isEqualTo("UP");
            String check = "checks.find { it.name == 'notification receivers' }";
            assertThat(ready.getString(check + ".status")).isEqualTo("UP");
            assertThat(ready.getString(check + ".data.'rule " + rule + "'"))
                    .contains(team + "/flaky teams (teams)", "failures in a row", "HTTP 500: receiver down");
            assertThat(PublicMetrics.value("whatmoved_notify_deliveries_total", "channel", "teams", "result", "retry"))
                    .as("retries counted: %s", notifyMetrics())
                    .isGreaterThanOrEqualTo(3);
            assertThat(PublicMetrics.value("whatmoved_notify_deliveries_pending"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(PublicMetrics.value("whatmoved_notify_deliveries_oldest_pending_age_seconds"))
                    .isPositive();
            assertThat(PublicMetrics.value("whatmoved_notify_receivers_failing"))
                    .isGreaterThanOrEqualTo(1);
        });
        assertThat(RECEIVERS.refusedAt(path).size()).isGreaterThanOrEqualTo(3);
        String view = TestTokens.caller(Scopes.READ)
                .get("/api/teams/" + team + "/rules/" + rule)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(view).contains("\"failing\":true", "HTTP 500").doesNotContain(token);
        assertThat(TestTokens.caller(Scopes.READ)
                        .get("/api/teams/" + team + "/deliveries?status=pending")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("[0].attempts"))
                .isGreaterThanOrEqualTo(3);

        // recovers: exactly one delivery, the failure clears
        RECEIVERS.failNext(path, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVERS.at(path).size() == 1);
        Thread.sleep(1500);
        assertThat(RECEIVERS.at(path)).hasSize(1);
        VendorShapes.assertTeamsCard(RECEIVERS.at(path).get(0).json());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("checks.find { it.name == 'notification receivers' }.data.'rule " + rule + "'"))
                .isNull());
        assertThat(TestTokens.caller(Scopes.READ)
                        .get("/api/teams/" + team + "/deliveries")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("[0].status"))
                .isEqualTo("delivered");
        assertThat(Files.readString(Path.of("target/service-test.log")))
                .as("a webhook URL is a credential: never logged")
                .doesNotContain(token);
    }

    private static String notifyMetrics() {
        return String.join(
                "\n",
                given().get("/q/metrics")
                        .asString()
                        .lines()
                        .filter(l -> l.contains("notify"))
                        .toList());
    }
}
