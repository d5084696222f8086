package dev.whatmoved.metrics;

import static dev.whatmoved.metrics.PullSteps.awaitPulled;
import static dev.whatmoved.metrics.PullSteps.pullNow;
import static dev.whatmoved.metrics.PullSteps.source;
import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

import dev.whatmoved.kit.security.Scopes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pulled metrics from a real Prometheus server (kind {@code prometheus}): the backfill of its retention (history made
 * by promtool), live samples of an exporter it scrapes every second, reruns that replace and never add, and failing
 * sources as a user sees them: the source's status, the readiness check, the operator metrics.
 */
@QuarkusTest
@WithTestResource(PrometheusPullTestResource.class)
class PullPrometheusTest {

    private static final Duration STEP = Duration.ofMinutes(1);

    @Test
    void theFirstPullBackfillsTheRetentionByDimensionAndARerunChangesNothing() {
        String metric = Metrics.register(Metrics.key("prom.orders"), "sum", "country");
        putSource(
                        metric,
                        "{\"kind\": \"prometheus\", \"connection\": \"prom\", \"query\": \"sum by (country)"
                                + " (shop_orders)\", \"step\": \"PT1M\", \"every\": \"PT1H\"}")
                .statusCode(201);

        JsonPath first = awaitPulled(metric, null);
        assertThat(first.getString("status.state")).isEqualTo("ok");
        Instant historyEnd = Instant.parse(config("test.history.end"));
        Instant now = Instant.now();
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        // the retention is 3 days: the backfill starts at the first whole day the server holds
        Instant backfill = today.minus(PrometheusPullTestResource.RETENTION).plus(1, ChronoUnit.DAYS);
        assertThat(first.getLong("status.lastRows"))
                .isEqualTo(2 * steps(backfill, today.plus(1, ChronoUnit.DAYS), historyEnd));
        for (Instant day = backfill; !day.isAfter(today); day = day.plus(1, ChronoUnit.DAYS)) {
            long steps = steps(day, day.plus(1, ChronoUnit.DAYS), historyEnd);
            assertThat(Metrics.dayTotal(metric, day, ""))
                    .as("day %s", day)
                    .containsEntry("sum", 3.0f * steps)
                    .containsEntry("count", (int) (2 * steps));
            assertThat(Metrics.dayTotal(metric, day, "country:de")).containsEntry("sum", (float) steps);
            assertThat(Metrics.dayTotal(metric, day, "country:fr")).containsEntry("sum", 2.0f * steps);
        }
        assertThat(Metrics.dayTotal(metric, backfill.minus(1, ChronoUnit.DAYS), ""))
                .containsEntry("count", 0);

        // the rerun re-reads the current day (and the overlap): the same values replace their buckets, nothing adds
        Map<String, Object> yesterday = Metrics.dayTotal(metric, today.minus(1, ChronoUnit.DAYS), "");
        Map<String, Object> todays = Metrics.dayTotal(metric, today, "");
        pullNow(metric, first);
        assertThat(Metrics.dayTotal(metric, today.minus(1, ChronoUnit.DAYS), ""))
                .isEqualTo(yesterday);
        assertThat(Metrics.dayTotal(metric, today, "")).isEqualTo(todays);
    }

    @Test
    void liveSamplesOfTheScrapedExporterArriveWithEachPullAndReplaceTheDay() throws Exception {
        String metric = Metrics.register(Metrics.key("prom.visits"), "sum", "platform");
        putSource(
                        metric,
                        "{\"kind\": \"prometheus\", \"connection\": \"prom\", \"query\": \"sum by (platform)"
                                + " (shop_visits)\", \"step\": \"PT1S\", \"every\": \"PT1H\", \"backfill\": \"PT1M\"}")
                .statusCode(201);
        JsonPath first = awaitPulled(metric, null);
        assertThat(first.getString("status.state")).isEqualTo("ok");
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        long rows = first.getLong("status.lastRows");
        assertThat(rows).isPositive();
        // the exporter has said 3 since Prometheus started: one point of 3 per second since
        assertThat(Metrics.dayTotal(metric, today, "platform:ios"))
                .containsEntry("count", (int) rows)
                .containsEntry("sum", 3.0f * rows);
        assertThat(prometheusTotal("sum_over_time", first)).isEqualTo(3.0 * rows);

        setExporter("shop_visits{platform=\"ios\"} 5");
        Thread.sleep(3000);
        JsonPath second = pullNow(metric, first);
        Map<String, Object> day = Metrics.dayTotal(metric, today, "platform:ios");
        long count = second.getLong("status.lastRows");
        assertThat(count).isGreaterThan(rows + 2);
        // the whole day again, replaced: exactly what Prometheus itself says of the same evaluations
        assertThat(day.get("count")).isEqualTo((int) count);
        assertThat(((Number) day.get("sum")).doubleValue()).isEqualTo(prometheusTotal("sum_over_time", second));
        assertThat(((Number) day.get("sum")).doubleValue()).isGreaterThan(3.0 * count);
        assertThat(Metrics.dayTotal(metric, today, "")).containsEntry("sum", day.get("sum"));
    }

    @Test
    void badPromQlAnUnreachableServerAndForeignLabelsFailVisibly() {
        String bad = Metrics.register(Metrics.key("prom.bad"), "sum");
        String down = Metrics.register(Metrics.key("prom.down"), "sum");
        String labels = Metrics.register(Metrics.key("prom.labels"), "sum", "platform");
        putSource(
                        bad,
                        "{\"kind\": \"prometheus\", \"connection\": \"prom\", \"query\": \"sum(rate(shop_orders[5m]\","
                                + " \"step\": \"PT1M\", \"every\": \"PT1S\"}")
                .statusCode(201);
        putSource(
                        down,
                        "{\"kind\": \"prometheus\", \"connection\": \"prom-down\", \"query\": \"up\", \"step\":"
                                + " \"PT1M\", \"every\": \"PT1S\"}")
                .statusCode(201);
        putSource(
                        labels,
                        "{\"kind\": \"prometheus\", \"connection\": \"prom\", \"query\": \"shop_visits\", \"step\":"
                                + " \"PT1M\", \"every\": \"PT1S\", \"backfill\": \"PT1M\"}")
                .statusCode(201);

        // three failing sources share the scheduler with the live test's source (two pulls at a time): up to 90 s
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonPath badSource = source(bad);
            assertThat(badSource.getString("status.state")).isEqualTo("failing");
            assertThat(badSource.getString("status.lastError"))
                    .contains("bad_data")
                    .contains("parse error");
            assertThat(badSource.getInt("status.consecutiveFailures")).isGreaterThanOrEqualTo(2);
            assertThat(source(down).getString("status.lastError")).contains("cannot be reached");
            assertThat(source(labels).getString("status.lastError"))
                    .contains("label 'instance' is not a dimension of " + labels)
                    .contains("sum by (platform)");
        });
        String ready = RestAssured.get("/q/health/ready").then().extract().asString();
        assertThat(ready).contains("metric pulls", bad, down, labels, "prometheus source (connection prom-down)");
        String scraped = RestAssured.get("/q/metrics").then().extract().asString();
        for (String metric : List.of(bad, down, labels)) {
            assertThat(scraped)
                    .contains(
                            "whatmoved_pulls_total{kind=\"prometheus\",metric=\"" + metric + "\",outcome=\"failure\"");
        }
        // the error's data are shown, the connection's URL (an internal address) is not
        String list = caller(Scopes.READ)
                .get("/api/metric-sources")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(list).contains(bad, down, labels);
        for (String answer : List.of(list, ready)) {
            assertThat(answer).doesNotContain(config("test.prometheus.url"));
        }
        for (String metric : List.of(bad, down, labels)) {
            caller(Scopes.METRICS_WRITE)
                    .delete("/api/metrics/" + metric + "/source")
                    .then()
                    .statusCode(204);
        }
    }

    @Test
    void aPrometheusSourceNeedsAStepThatDividesADay() {
        String metric = Metrics.register(Metrics.key("prom.invalid"), "sum");
        putSource(metric, "{\"kind\": \"prometheus\", \"connection\": \"prom\", \"query\": \" \"}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("query", "step"));
        putSource(metric, "{\"kind\": \"prometheus\", \"connection\": \"prom\", \"query\": \"up\", \"step\": \"PT7M\"}")
                .statusCode(400)
                .body("errors.field", hasItems("step"));
        caller(Scopes.READ).get("/api/metrics/" + metric + "/source").then().statusCode(404);
    }

    /** Later test classes share the database without this class's connections: no source of it may stay behind. */
    @AfterEach
    void removeSources() {
        for (String metric : caller(Scopes.READ)
                .get("/api/metric-sources")
                .then()
                .extract()
                .jsonPath()
                .getList("metric", String.class)) {
            caller(Scopes.METRICS_WRITE).delete("/api/metrics/" + metric + "/source");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /**
     * Evaluations (at minute ends {@code t}, stored at {@code t - 1 min}) of the history's pull whose points fall in
     * {@code [from, to)}: Prometheus 2 sees a sample for 5 minutes including the 5th (its lookback {@code [t - 5m, t]}), so
     * the last evaluation is at {@code end + 5 min}.
     */
    private static long steps(Instant from, Instant to, Instant historyEnd) {
        Instant lastStored = historyEnd.plus(5, ChronoUnit.MINUTES).minus(STEP);
        Instant until = lastStored.isBefore(to) ? lastStored.plus(STEP) : to;
        return until.isAfter(from) ? Duration.between(from, until).dividedBy(STEP) : 0;
    }

    /**
     * What Prometheus itself makes of the live metric's evaluations at 1 s from the day's start to the source's
     * watermark: {@code fn} ({@code sum_over_time}) of the same expression as a subquery.
     */
    private static double prometheusTotal(String fn, JsonPath source) {
        Instant watermark = Instant.parse(source.getString("status.watermark"));
        long seconds = Duration.between(watermark.truncatedTo(ChronoUnit.DAYS), watermark)
                .toSeconds();
        String query = fn + "((sum by (platform) (shop_visits))[" + seconds + "s:1s])";
        JsonPath answer = RestAssured.given()
                .baseUri(config("test.prometheus.url"))
                .queryParam("query", query)
                .queryParam("time", watermark.getEpochSecond())
                .get("/api/v1/query")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return Double.parseDouble(answer.getString("data.result[0].value[1]"));
    }

    private static void setExporter(String line) {
        RestAssured.given()
                .baseUri(config("test.exporter.url"))
                .body(line)
                .post("/set")
                .then()
                .statusCode(204);
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    private static io.restassured.response.ValidatableResponse putSource(String metric, String body) {
        return caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/api/metrics/" + metric + "/source")
                .then()
                .log()
                .ifValidationFails();
    }
}
