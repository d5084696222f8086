package dev.whatmoved.metrics;

import static dev.whatmoved.metrics.PullSteps.awaitPulled;
import static dev.whatmoved.metrics.PullSteps.pullNow;
import static dev.whatmoved.metrics.PullSteps.source;
import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.whatmoved.kit.security.Scopes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pulled metrics over SQL (kind {@code sql}) against real engines: PostgreSQL (a {@code shop} database on the embedded
 * server, standing in for a product's own database) and DuckDB (a file under target/). What a user of the API sees:
 * the rollups after a pull, the source's status, the readiness check and the operator metrics.
 */
@QuarkusTest
@WithTestResource(PullSourcesTestResource.class)
class PullSqlTest {

    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);

    @Test
    void aPostgresqlSourceBackfillsThenPullsWhatIsNewAndACorrectedRowReplacesItsDay() throws SQLException {
        String metric = Metrics.register(Metrics.key("pull.revenue"), "sum", "country");
        Instant old = TODAY.minus(400, ChronoUnit.DAYS); // older than the late limit: pulled as history
        Instant tenDays = TODAY.minus(10, ChronoUnit.DAYS);
        long correctable = insertOrder(old.plusSeconds(3600), 10, "de");
        insertOrder(old.plusSeconds(7200), 5, "fr");
        long tenDaysOrder = insertOrder(tenDays.plusSeconds(600), 7, "de");
        insertOrder(tenDays.plusSeconds(900), 3, null);
        insertOrder(TODAY.minus(900, ChronoUnit.DAYS), 1000, "de"); // before the backfill

        JsonPath defined = putSource(
                        metric,
                        "{\"kind\": \"sql\", \"connection\": \"shop\", \"query\": \"select"
                                + " created_at as timestamp, amount as value, country, updated_at from orders\","
                                + " \"watermarkColumn\": \"updated_at\", \"every\": \"PT1H\", \"backfill\": \"P500D\"}")
                .statusCode(201)
                .header("Location", endsWith("/api/metrics/" + metric + "/source"))
                .body("connection", equalTo("shop"))
                .body("status.state", equalTo("pending"))
                .extract()
                .jsonPath();
        assertThat(defined.prettify()).doesNotContain(PullSourcesTestResource.SHOP_PASSWORD, "pull_reader", "jdbc:");

        // first run: the backfill, at any age
        JsonPath first = awaitPulled(metric, null);
        assertThat(first.getString("status.state")).isEqualTo("ok");
        assertThat(first.getLong("status.lastRows")).isEqualTo(4);
        assertThat(Metrics.dayTotal(metric, old, ""))
                .containsEntry("sum", 15.0f)
                .containsEntry("count", 2);
        assertThat(Metrics.dayTotal(metric, old, "country:de")).containsEntry("sum", 10.0f);
        assertThat(Metrics.dayTotal(metric, tenDays, "")).containsEntry("sum", 10.0f);
        assertThat(Metrics.dayTotal(metric, TODAY.minus(900, ChronoUnit.DAYS), ""))
                .containsEntry("count", 0);

        // incremental: only the day of the new rows is fetched again
        insertOrder(TODAY.plusSeconds(60), 2, "de");
        insertOrder(TODAY.plusSeconds(120), 4, "fr");
        JsonPath second = pullNow(metric, first);
        assertThat(second.getLong("status.lastRows")).isEqualTo(2);
        assertThat(Metrics.dayTotal(metric, TODAY, ""))
                .containsEntry("sum", 6.0f)
                .containsEntry("count", 2);

        // again with nothing new: nothing fetched, the totals (and their revisions) stay
        Map<String, Object> tenDaysBefore = Metrics.dayTotal(metric, tenDays, "");
        JsonPath third = pullNow(metric, second);
        assertThat(third.getLong("status.lastRows")).isZero();
        assertThat(Metrics.dayTotal(metric, tenDays, "")).isEqualTo(tenDaysBefore);
        assertThat(Metrics.dayTotal(metric, TODAY, "")).containsEntry("sum", 6.0f);

        // a corrected row (its updated_at moves on) replaces its day, never adds to it
        shop("update orders set amount = 70, updated_at = now() where id = " + tenDaysOrder);
        shop("update orders set amount = 12, updated_at = now() where id = " + correctable);
        pullNow(metric, third);
        assertThat(Metrics.dayTotal(metric, tenDays, ""))
                .containsEntry("sum", 73.0f)
                .containsEntry("count", 2);
        assertThat(Metrics.dayTotal(metric, tenDays, "country:de")).containsEntry("sum", 70.0f);
        assertThat(Metrics.dayTotal(metric, old, ""))
                .containsEntry("sum", 17.0f)
                .containsEntry("count", 2);
        assertThat(Metrics.dayTotal(metric, TODAY, ""))
                .containsEntry("sum", 6.0f)
                .containsEntry("count", 2);
        assertThat((int) Metrics.dayTotal(metric, tenDays, "").get("revision"))
                .isGreaterThan((int) tenDaysBefore.get("revision"));
    }

    @Test
    void aDuckdbFileIsPulledIncrementallyByItsTimestamp() throws Exception {
        String metric = Metrics.register(Metrics.key("pull.visits"), "sum", "platform");
        Instant yesterday = TODAY.minus(1, ChronoUnit.DAYS);
        duck("create table if not exists visits (visited_at timestamp, platform varchar, n integer)");
        duckInsert(yesterday.plusSeconds(3600), "ios", 40);
        duckInsert(yesterday.plusSeconds(7200), "web", 60);

        putSource(
                        metric,
                        "{\"kind\": \"sql\", \"connection\": \"warehouse\", \"query\": \"SELECT visited_at AS timestamp,"
                                + " n AS value, platform FROM visits WHERE platform IS NOT NULL;\", \"every\": \"PT1H\"}")
                .statusCode(201);
        JsonPath first = awaitPulled(metric, null);
        assertThat(first.getString("status.state")).isEqualTo("ok");
        assertThat(first.getString("status.watermark")).startsWith("ts:");
        assertThat(Metrics.dayTotal(metric, yesterday, "")).containsEntry("sum", 100.0f);
        assertThat(Metrics.dayTotal(metric, yesterday, "platform:ios")).containsEntry("sum", 40.0f);

        duckInsert(TODAY.plusSeconds(60), "web", 5);
        JsonPath second = pullNow(metric, first);
        assertThat(second.getLong("status.lastRows")).isEqualTo(1);
        assertThat(Metrics.dayTotal(metric, TODAY, "")).containsEntry("sum", 5.0f);
        assertThat(Metrics.dayTotal(metric, yesterday, "")).containsEntry("sum", 100.0f);

        // a late row of today's day: fetched with the day's next new row, the day replaced whole
        duckInsert(TODAY.plusSeconds(30), "ios", 1);
        duckInsert(TODAY.plusSeconds(90), "ios", 2);
        pullNow(metric, second);
        assertThat(Metrics.dayTotal(metric, TODAY, ""))
                .containsEntry("sum", 8.0f)
                .containsEntry("count", 3);
        assertThat(Metrics.dayTotal(metric, yesterday, ""))
                .containsEntry("sum", 100.0f)
                .containsEntry("count", 2);
    }

    @Test
    void aDailyTableWithADateColumnFillsTheDaysOfTheReportingZone() throws Exception {
        String metric = Metrics.register(Metrics.key("pull.daily"), "sum");
        duck("create table if not exists daily_orders (day date, orders bigint)");
        duck("insert into daily_orders values (current_date - 300, 11), (current_date - 299, 12)");

        putSource(
                        metric,
                        "{\"kind\": \"sql\", \"connection\": \"warehouse\", \"query\": \"select day as"
                                + " timestamp, orders as value from daily_orders\", \"every\": \"PT1H\", \"backfill\": \"P400D\"}")
                .statusCode(201);
        JsonPath pulled = awaitPulled(metric, null);
        assertThat(pulled.getString("status.state")).isEqualTo("ok");
        assertThat(pulled.getString("status.watermark")).startsWith("date:");
        assertThat(Metrics.dayTotal(metric, TODAY.minus(300, ChronoUnit.DAYS), ""))
                .containsEntry("sum", 11.0f);
        assertThat(Metrics.dayTotal(metric, TODAY.minus(299, ChronoUnit.DAYS), ""))
                .containsEntry("sum", 12.0f);
    }

    @Test
    void twoYearsOfHourlyRowsArePulledInOneBackfill() throws Exception {
        String metric = Metrics.register(Metrics.key("pull.hourly"), "sum");
        duck("create or replace table hourly as select ts, 2 as n from generate_series(cast(current_date as timestamp)"
                + " - interval 730 day, cast(current_date as timestamp) - interval 1 hour, interval 1 hour) t(ts)");

        long begin = System.nanoTime();
        putSource(
                        metric,
                        "{\"kind\": \"sql\", \"connection\": \"warehouse\", \"query\": \"select ts as"
                                + " timestamp, n as value from hourly\", \"every\": \"PT1H\"}")
                .statusCode(201);
        JsonPath pulled = awaitPulled(metric, null);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        System.out.printf("pull of 2 years of hourly rows (17,520) from DuckDB: %d ms from PUT to stored%n", millis);

        assertThat(pulled.getString("status.state")).isEqualTo("ok");
        assertThat(pulled.getLong("status.lastRows")).isEqualTo(17_520);
        assertThat(Metrics.dayTotal(metric, TODAY.minus(730, ChronoUnit.DAYS), ""))
                .containsEntry("sum", 48.0f)
                .containsEntry("count", 24);
        assertThat(Metrics.dayTotal(metric, TODAY.minus(1, ChronoUnit.DAYS), ""))
                .containsEntry("sum", 48.0f);
        // again: nothing new, nothing changed
        assertThat(pullNow(metric, pulled).getLong("status.lastRows")).isZero();
    }

    @Test
    void aFailingSourceIsShownInItsStatusTheReadinessCheckAndTheMetricsWhileOthersGoOn() throws Exception {
        String badSql = Metrics.register(Metrics.key("pull.bad-sql"), "sum");
        String unreachable = Metrics.register(Metrics.key("pull.unreachable"), "sum");
        String healthy = Metrics.register(Metrics.key("pull.healthy"), "sum", "country");
        insertOrder(TODAY.minus(3, ChronoUnit.DAYS), 9, "it");

        putSource(
                        badSql,
                        "{\"kind\": \"sql\", \"connection\": \"shop\", \"query\": \"select created_at as timestamp,"
                                + " amount as amount from orders\", \"every\": \"PT1S\"}")
                .statusCode(201);
        putSource(
                        unreachable,
                        "{\"kind\": \"sql\", \"connection\": \"broken\", \"query\": \"select 1\","
                                + " \"every\": \"PT1S\"}")
                .statusCode(201);
        putSource(
                        healthy,
                        "{\"kind\": \"sql\", \"connection\": \"shop\", \"query\": \"select created_at as"
                                + " timestamp, amount as value, country from orders where country = 'it'\", \"every\":"
                                + " \"PT1S\"}")
                .statusCode(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath bad = source(badSql);
            assertThat(bad.getString("status.state")).isEqualTo("failing");
            assertThat(bad.getString("status.lastError")).contains("no column named value");
            assertThat(bad.getInt("status.consecutiveFailures")).isGreaterThanOrEqualTo(2);
            JsonPath down = source(unreachable);
            assertThat(down.getString("status.state")).isEqualTo("failing");
            assertThat(down.getString("status.lastError")).containsIgnoringCase("refused");
            assertThat(source(healthy).getString("status.state")).isEqualTo("ok");
        });
        assertThat(Metrics.dayTotal(healthy, TODAY.minus(3, ChronoUnit.DAYS), ""))
                .containsEntry("sum", 9.0f);

        String ready = RestAssured.get("/q/health/ready").then().extract().asString();
        assertThat(ready)
                .contains("metric pulls", badSql, unreachable, "no column named value")
                .doesNotContain(healthy);
        assertThat(RestAssured.get("/q/health/ready")
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("status"))
                .isEqualTo("UP");
        String scraped = RestAssured.get("/q/metrics").then().extract().asString();
        assertThat(scraped)
                .contains("whatmoved_pulls_total{kind=\"sql\",metric=\"" + badSql + "\",outcome=\"failure\"")
                .contains("whatmoved_pulls_total{kind=\"sql\",metric=\"" + unreachable + "\",outcome=\"failure\"")
                .contains("whatmoved_pulls_total{kind=\"sql\",metric=\"" + healthy + "\",outcome=\"success\"")
                .contains("whatmoved_pull_last_success_seconds{kind=\"sql\",metric=\"" + healthy + "\"");

        String list = caller(Scopes.READ)
                .get("/api/metric-sources")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(list).contains(badSql, unreachable, healthy);
        String log = Files.readString(Path.of("target/service-test.log"));
        for (String answer : new String[] {list, ready, scraped, log}) {
            assertThat(answer)
                    .doesNotContain(PullSourcesTestResource.SHOP_PASSWORD)
                    .doesNotContain(PullSourcesTestResource.BROKEN_PASSWORD);
        }
        assertThat(list).doesNotContain("jdbc:", "pull_reader");

        // fixed, it recovers; removed, it is no longer pulled
        putSource(
                        badSql,
                        "{\"kind\": \"sql\", \"connection\": \"shop\", \"query\": \"select created_at as timestamp,"
                                + " amount as value from orders where country = 'it'\", \"every\": \"PT1S\"}")
                .statusCode(200)
                .body("version", equalTo(2));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(source(badSql).getString("status.state")).isEqualTo("ok"));
        caller(Scopes.METRICS_WRITE)
                .delete("/api/metrics/" + unreachable + "/source")
                .then()
                .statusCode(204);
        caller(Scopes.READ)
                .get("/api/metrics/" + unreachable + "/source")
                .then()
                .statusCode(404);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        RestAssured.get("/q/health/ready").then().extract().asString())
                .doesNotContain(unreachable, badSql));
    }

    @Test
    void anInvalidSourceIsRefusedNamingEachField() {
        String metric = Metrics.register(Metrics.key("pull.invalid"), "sum");
        putSource(
                        metric,
                        "{\"kind\": \"mongo\", \"connection\": \"nowhere\", \"every\": \"often\","
                                + " \"backfill\": \"-P1D\"}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("kind", "connection", "query", "every", "backfill"))
                .body("detail", containsString("no connection named 'nowhere'"));
        putSource(
                        metric,
                        "{\"kind\": \"sql\", \"connection\": \"shop\", \"query\": \"select 1\", \"every\":"
                                + " \"PT0.5S\", \"watermarkColumn\": \"x; drop table orders\"}")
                .statusCode(400)
                .body("errors.field", hasItems("every", "watermarkColumn"));
        putSource("pull.no-such-metric", "{\"kind\": \"sql\", \"connection\": \"shop\", \"query\": \"select 1\"}")
                .statusCode(404);
        caller(Scopes.READ).get("/api/metrics/" + metric + "/source").then().statusCode(404);
    }

    /** Later test classes share the database without these connections: leave them no source to pull. */
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

    private static io.restassured.response.ValidatableResponse putSource(String metric, String body) {
        return caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/api/metrics/" + metric + "/source")
                .then();
    }

    private static long insertOrder(Instant createdAt, double amount, String country) throws SQLException {
        try (Connection connection = DriverManager.getConnection(PullSourcesTestResource.shopAdminUrl());
                PreparedStatement insert = connection.prepareStatement(
                        "insert into orders (created_at, amount, country) values (?, ?, ?) returning id")) {
            insert.setObject(1, createdAt.atOffset(ZoneOffset.UTC));
            insert.setDouble(2, amount);
            insert.setString(3, country);
            var rows = insert.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void shop(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(PullSourcesTestResource.shopAdminUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Writes to the DuckDB file and closes it, as a warehouse's loader would between pulls. */
    private static void duck(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + PullSourcesTestResource.DUCKDB);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void duckInsert(Instant at, String platform, int n) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + PullSourcesTestResource.DUCKDB);
                PreparedStatement insert = connection.prepareStatement("insert into visits values (?, ?, ?)")) {
            insert.setObject(1, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
            insert.setString(2, platform);
            insert.setInt(3, n);
            insert.execute();
        }
    }
}
