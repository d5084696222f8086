package dev.whatmoved.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.testing.PublishedEvents;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton as a user drives it: the three packaged services as separate processes on one embedded
 * platform (real PostgreSQL, real Kafka broker), fed over HTTP only, with the outcome read from attribution.
 */
class PlatformEndToEndIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Test
    void aReleaseOfAFeatureGetsTheOutcomeOfItsMetricThroughAllThreeServices() throws Exception {
        List<Integer> ports = PortCheck.freePorts(PlatformEnv.PORTS);
        Map<String, String> env = PlatformEnv.onPorts("e2e", ports);
        PlatformConfig config = PlatformConfig.from(env, List.of(), RepoHome.resolve());
        List<Long> pids = new ArrayList<>();

        try (Platform platform = new Platform(config, System.out)) {
            // attribution's outcome job every 5 s (60 s by default): the test waits for one run, not for a minute
            platform.addServiceEnv("attribution", Map.of("WHATMOVED_OUTCOMES_JOB_EVERY", "5s"));
            platform.startAll();
            pids.addAll(platform.childPids());
            String features = platform.serviceUrl("features").toString();
            String metrics = platform.serviceUrl("metrics").toString();
            String attribution = platform.serviceUrl("attribution").toString();
            String lead = platform.token("product-lead", "features:write");
            String ci = tokenFromTheCommandLine(config, "releases:write", "ci-checkout");
            String exporter = platform.token("analytics-export", "metrics:write");
            String viewer = platform.token("console", "read");

            given().auth()
                    .oauth2(lead)
                    .contentType(ContentType.JSON)
                    .body(
                            """
                            {"key": "checkout-one-click", "title": "One-click checkout", "team": "payments",
                             "owner": "alice", "predictions": [{"metric": "checkout.conversions", "direction": "up",
                             "expectedChangePct": 3, "confidence": 0.7}]}
                            """)
                    .post(features + "/api/features")
                    .then()
                    .statusCode(201);
            given().auth()
                    .oauth2(lead)
                    .post(features + "/api/features/checkout-one-click/commit")
                    .then()
                    .statusCode(200);

            given().contentType(ContentType.JSON)
                    .body("[]")
                    .post(metrics + "/api/metrics/checkout.conversions/points")
                    .then()
                    .statusCode(401);

            given().auth()
                    .oauth2(exporter)
                    .contentType(ContentType.JSON)
                    .body(
                            """
                            {"key": "checkout.conversions", "name": "Checkout conversions", "unit": "orders",
                             "aggregation": "sum", "goodDirection": "up"}
                            """)
                    .post(metrics + "/api/metrics")
                    .then()
                    .statusCode(201);

            LocalDate releaseDay = TODAY.minusDays(8);
            given().auth()
                    .oauth2(exporter)
                    .contentType(ContentType.JSON)
                    .body(points(releaseDay))
                    .post(metrics + "/api/metrics/checkout.conversions/points")
                    .then()
                    .statusCode(202)
                    .body("buckets.size()", equalTo(28 + 7));

            // a metric's stream exists before a deploy: the history is announced (within one round,
            // WHATMOVED_METRICS_ANNOUNCE_INTERVAL) before the release is reported, or the first 1-day measurement
            // would find no history yet (and a later version would correct it)
            String lastDay = releaseDay.plusDays(6).toString();
            PublishedEvents.awaitEvent(
                    platform.kafkaBootstrap(),
                    EventType.METRIC_ROLLUP,
                    e -> "day".equals(e.data().path("granularity").asText())
                            && e.data().path("bucketStart").asText().startsWith(lastDay));

            String release = given().auth()
                    .oauth2(ci)
                    .contentType(ContentType.JSON)
                    .body(
                            """
                            {"service": "checkout", "version": "2026.11.3", "environment": "production",
                             "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
                             "deployedAt": "%sT10:15:00Z", "features": ["checkout-one-click"]}
                            """
                                    .formatted(releaseDay))
                    .post(features + "/api/releases")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            // attribution measures each checkpoint once its window is complete (its job, every 5 s here)
            JsonPath outcomes = await().atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> given().auth()
                                    .oauth2(viewer)
                                    .get(attribution + "/api/releases/" + release + "/outcomes")
                                    .then()
                                    .extract()
                                    .jsonPath(),
                            json -> json.getString("outcomes.find { it.checkpointDays == 1 }.measuredAt") != null);
            assertThat(outcomes.getString("method")).isEqualTo("state-space");
            assertThat(outcomes.getString("outcomes.find { it.checkpointDays == 1 }.metric"))
                    .isEqualTo("checkout.conversions");
            assertThat(outcomes.getString("outcomes.find { it.checkpointDays == 1 }.verdict"))
                    .isEqualTo("moved-as-predicted");
            assertThat(outcomes.getDouble("outcomes.find { it.checkpointDays == 1 }.relEffect"))
                    .isBetween(0.2, 0.4);
            assertThat(outcomes.getString("baseline.method")).isEqualTo("before-after");
            assertThat(outcomes.getInt("baseline.metrics[0].before.days")).isEqualTo(28);
            assertThat(outcomes.getDouble("baseline.metrics[0].before.mean")).isCloseTo(100.0, within(1.0));
            assertThat(outcomes.getDouble("baseline.metrics[0].after.mean")).isCloseTo(130.0, within(1.5));
            PublishedEvents.awaitEvent(
                    platform.kafkaBootstrap(),
                    EventType.OUTCOME_MEASURED,
                    e -> release.equals(e.key())
                            && e.data().path("checkpointDays").asInt() == 1);

            assertEveryEventOnTheBrokerConformsAndNothingWasDeadLettered(platform.kafkaBootstrap());

            // the same documented calls through clients generated from the OpenAPI documents (GeneratedClients)
            GeneratedClients clients = new GeneratedClients(
                    platform.serviceUrl("features"),
                    platform.serviceUrl("metrics"),
                    platform.serviceUrl("attribution"));
            clients.readOutcomesAndCalibration(viewer, release);
            clients.registerCommitAndRelease(exporter, lead, ci, viewer);
        }
        LeftBehind.assertNothingLeft(pids, ports);
    }

    /** {@code ./whatmoved token}, run as the script runs it: the launcher on its packaged runtime classpath. */
    private static String tokenFromTheCommandLine(PlatformConfig config, String scope, String subject)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        "target/classes" + File.pathSeparator + "target/lib/*",
                        Main.class.getName(),
                        "token",
                        "--scope",
                        scope,
                        "--subject",
                        subject,
                        "--data-dir",
                        config.dataDir().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as("exit code of ./whatmoved token").isZero();
        return token;
    }

    private static void assertEveryEventOnTheBrokerConformsAndNothingWasDeadLettered(String bootstrap) {
        Map<String, Long> published = new HashMap<>();
        long dailyTotals = 0;
        for (String topic : Topics.all()) {
            List<PublishedEvents.Event> events = PublishedEvents.allEvents(bootstrap, topic);
            events.forEach(e -> published.merge(e.type(), 1L, Long::sum));
            dailyTotals += events.stream()
                    .filter(e -> e.type().equals(EventType.METRIC_ROLLUP.type()))
                    .filter(e -> "day".equals(e.data().path("granularity").asText()))
                    .filter(e -> e.data().path("dimensions").isEmpty())
                    .count();
            if (topic.endsWith(".dlq")) {
                assertThat(events).as("dead-lettered on %s", topic).isEmpty();
            }
        }
        assertThat(published)
                .containsEntry(EventType.FEATURE_COMMITTED.type(), 1L)
                .containsEntry(EventType.RELEASE_DEPLOYED.type(), 1L);
        assertThat(dailyTotals)
                .as("daily total rollups, one per day with points")
                .isEqualTo(35);
    }

    /**
     * 28 days around 100 a day before the release day, 7 days around 130 after it (a weekly cycle of ±3 % and a little
     * deterministic noise, as real metrics have), each day in four points.
     */
    private static String points(LocalDate releaseDay) {
        StringJoiner json = new StringJoiner(",", "[", "]");
        for (int d = 1; d <= 28; d++) {
            LocalDate day = releaseDay.minusDays(d);
            quarterPoints(json, day, 100 * weekly(day) + noise(d));
        }
        for (int d = 1; d <= 7; d++) {
            LocalDate day = releaseDay.plusDays(d);
            quarterPoints(json, day, 130 * weekly(day) + noise(d + 28));
        }
        return json.toString();
    }

    private static double weekly(LocalDate day) {
        return 1 + 0.03 * Math.sin(2 * Math.PI * day.getDayOfWeek().getValue() / 7.0);
    }

    private static double noise(int i) {
        return ((i * 37) % 11 - 5) * 0.2;
    }

    private static void quarterPoints(StringJoiner json, LocalDate day, double dailyTotal) {
        for (int hour = 0; hour < 24; hour += 6) {
            json.add("{\"timestamp\": \"%sT%02d:30:00Z\", \"value\": %s}".formatted(day, hour, dailyTotal / 4));
        }
    }
}
