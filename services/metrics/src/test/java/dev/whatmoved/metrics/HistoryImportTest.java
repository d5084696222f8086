package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.PublishedEvents.Event;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * History import ({@code POST /api/metrics/{key}/history}): any age, all or nothing, idempotent; a corrected file
 * revises exactly the buckets it changes, and only those are announced again.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class HistoryImportTest {

    @Test
    void oldPointsGoInThroughTheImportOnlyAndTenYearsOfDaysOrTwoYearsOfHoursInOneCall() {
        String metric = Metrics.register(Metrics.key("history.signups"), "sum");
        Instant old = Metrics.daysAgo(400).plus(12, ChronoUnit.HOURS);

        // the live paths keep the late limit
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"" + old + "\", \"value\": 5}]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("[0].timestamp"))
                .body("errors[0].message", containsString("older than the late limit (120 days)"))
                .body("errors[0].message", containsString("POST /api/metrics/{key}/history"));
        caller(Scopes.METRICS_WRITE)
                .contentType("text/csv")
                .body(("timestamp,value\n" + old + ",5\n").getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/csv")
                .then()
                .statusCode(422);
        assertThat(Metrics.dayTotal(metric, Metrics.daysAgo(400), "")).containsEntry("count", 0);

        // ten years of days, up to yesterday, in one call
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        StringBuilder daily = new StringBuilder("timestamp,value\n");
        for (int d = 3649; d >= 0; d--) {
            daily.append(yesterday.minusDays(d))
                    .append("T00:00:00Z,")
                    .append(1000 + d % 7)
                    .append('\n');
        }
        long begin = System.nanoTime();
        importHistory(metric, "text/csv", daily)
                .statusCode(200)
                .body("metric", equalTo(metric))
                .body("points", equalTo(3650))
                .body("from", startsWith(yesterday.minusDays(3649).toString()))
                .body("buckets", equalTo(7300)) // each point's day and hour
                .body("created", equalTo(7300))
                .body("revised", equalTo(0));
        long tenYears = System.nanoTime() - begin;
        assertThat(Metrics.dayTotal(metric, Metrics.daysAgo(400), "")).containsEntry("count", 1);
        begin = System.nanoTime();
        importHistory(metric, "text/csv", daily).statusCode(200).body("unchanged", equalTo(7300));
        long tenYearsAgain = System.nanoTime() - begin;

        // two years of hours
        String hourly = Metrics.register(Metrics.key("history.requests"), "sum");
        Instant firstHour =
                yesterday.minusDays(729).atStartOfDay(ZoneOffset.UTC).toInstant();
        StringBuilder hours = new StringBuilder();
        for (int h = 0; h < 17_520; h++) {
            hours.append("{\"timestamp\":\"")
                    .append(firstHour.plus(h, ChronoUnit.HOURS))
                    .append("\",\"value\":")
                    .append(50 + h % 24)
                    .append("}\n");
        }
        begin = System.nanoTime();
        importHistory(hourly, "application/x-ndjson", hours)
                .statusCode(200)
                .body("points", equalTo(17_520))
                .body("buckets", equalTo(17_520 + 730))
                .body("created", equalTo(17_520 + 730));
        long twoYears = System.nanoTime() - begin;
        begin = System.nanoTime();
        importHistory(hourly, "application/x-ndjson", hours).statusCode(200).body("unchanged", equalTo(18_250));
        long twoYearsAgain = System.nanoTime() - begin;
        Metrics.daySeries(hourly, Metrics.daysAgo(700), "")
                .body("buckets[0].count", equalTo(24))
                .body("buckets[0].sum", equalTo((float) (24 * 50 + 276)));

        System.out.printf(
                "history import: 10 years of days (3,650 rows, %,d bytes) %d ms, again %d ms;"
                        + " 2 years of hours (17,520 rows, %,d bytes) %d ms, again %d ms%n",
                daily.length(),
                tenYears / 1_000_000,
                tenYearsAgain / 1_000_000,
                hours.length(),
                twoYears / 1_000_000,
                twoYearsAgain / 1_000_000);
        // generous: the shared 2-core build machine; quiet, each takes well under a second
        assertThat(Duration.ofNanos(Math.max(tenYears, twoYears))).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void theSameFileAgainChangesNothingAndACorrectionRevisesAndAnnouncesExactlyTheBucketsItChanges() throws Exception {
        String metric = Metrics.register(Metrics.key("history.orders"), "sum", "country");
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(300);
        StringBuilder csv = new StringBuilder("timestamp,value,country\n");
        StringBuilder corrected = new StringBuilder();
        for (int d = 0; d < 60; d++) {
            for (String country : new String[] {"de", "fr"}) {
                String at = first.plusDays(d) + "T10:00:00Z";
                int value = 100 + d + (country.equals("fr") ? 50 : 0);
                csv.append(at)
                        .append(',')
                        .append(value)
                        .append(',')
                        .append(country)
                        .append('\n');
                // the correction: two values of the same history (as NDJSON, the other format)
                int fixed = d == 10 && country.equals("de") ? value + 7 : d == 20 && country.equals("fr") ? 1 : value;
                corrected
                        .append("{\"timestamp\":\"")
                        .append(at)
                        .append("\",\"value\":")
                        .append(fixed)
                        .append(",\"dimensions\":{\"country\":\"")
                        .append(country)
                        .append("\"}}\n");
            }
        }
        // 60 days x (hour, day) x (de, fr, total)
        importHistory(metric, "text/csv", csv)
                .statusCode(200)
                .body("points", equalTo(120))
                .body("created", equalTo(360));
        awaitAnnounced(metric);
        Map<String, Long> revisions = revisions(metric);
        assertThat(revisions).hasSize(360).allSatisfy((bucket, revision) -> assertThat(revision)
                .isEqualTo(1));
        Set<String> announced = announced(metric);
        assertThat(announced).hasSize(360);

        // the same file again: nothing changes, nothing is announced
        importHistory(metric, "text/csv", csv)
                .statusCode(200)
                .body("created", equalTo(0))
                .body("revised", equalTo(0))
                .body("unchanged", equalTo(360));
        Thread.sleep(1000); // ten announcement rounds
        assertThat(revisions(metric)).isEqualTo(revisions);
        assertThat(announced(metric)).isEqualTo(announced);

        // the corrected file: the hour and day of de on day 10 and of fr on day 20, each with its total: 8 buckets
        importHistory(metric, "application/x-ndjson", corrected)
                .statusCode(200)
                .body("revised", equalTo(8))
                .body("unchanged", equalTo(352));
        awaitAnnounced(metric);
        Map<String, Long> after = revisions(metric);
        Set<String> changed = new HashSet<>();
        after.forEach((bucket, revision) -> {
            if (revision != 1) {
                assertThat(revision).isEqualTo(2);
                changed.add(bucket);
            }
        });
        String day10 = first.plusDays(10) + " 00:00:00+00";
        String hour10 = first.plusDays(10) + " 10:00:00+00";
        String day20 = first.plusDays(20) + " 00:00:00+00";
        String hour20 = first.plusDays(20) + " 10:00:00+00";
        String de = "{\"country\":\"de\"}";
        String fr = "{\"country\":\"fr\"}";
        assertThat(changed)
                .containsExactlyInAnyOrder(
                        "day|" + de + "|" + day10,
                        "hour|" + de + "|" + hour10,
                        "day|{}|" + day10,
                        "hour|{}|" + hour10,
                        "day|" + fr + "|" + day20,
                        "hour|" + fr + "|" + hour20,
                        "day|{}|" + day20,
                        "hour|{}|" + hour20);
        Set<String> announcedNow = announced(metric);
        announcedNow.removeAll(announced);
        assertThat(announcedNow)
                .containsExactlyInAnyOrder(
                        "day/" + first.plusDays(10) + "/country=de@2",
                        "hour/" + first.plusDays(10) + "T10:00:00Z/country=de@2",
                        "day/" + first.plusDays(10) + "@2",
                        "hour/" + first.plusDays(10) + "T10:00:00Z@2",
                        "day/" + first.plusDays(20) + "/country=fr@2",
                        "hour/" + first.plusDays(20) + "T10:00:00Z/country=fr@2",
                        "day/" + first.plusDays(20) + "@2",
                        "hour/" + first.plusDays(20) + "T10:00:00Z@2");
        Instant dayTen = first.plusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(Metrics.dayTotal(metric, dayTen, "")).containsEntry("sum", (float) (110 + 7 + 160));
        assertThat(Metrics.dayTotal(metric, dayTen, "country:de")).containsEntry("revision", 2);

        // importing the first file again puts its values back: the same 8 buckets, revision 3
        importHistory(metric, "text/csv", csv).statusCode(200).body("revised", equalTo(8));
    }

    @Test
    void oneInvalidLineRefusesTheFileNamingEachLineAndField() {
        String metric = Metrics.register(Metrics.key("history.visits"), "sum", "country", "a", "b", "c", "d", "e");
        Instant day = Metrics.daysAgo(500);
        String long200 = "x".repeat(200);
        String csv = "timestamp,value,country\n"
                + day.plusSeconds(3600) + ",10,de\n"
                + day.plusSeconds(7200) + ",abc,de\n"
                + day.plusSeconds(7300) + ",1," + "y".repeat(201) + "\n"
                + Instant.now().plus(3, ChronoUnit.DAYS) + ",1,de\n"
                + "0216-01-01T00:00:00Z,1,de\n"
                + "1,2\n";
        importHistory(metric, "text/csv", csv)
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        startsWith("5 of the file's lines are not valid, so nothing was imported; first: line 3"))
                .body("errors[0].field", equalTo("line 3.value"))
                .body("errors[0].message", equalTo("cannot read 'abc' as a number"))
                .body("errors[1].field", equalTo("line 4.dimensions.country"))
                .body("errors[2].field", equalTo("line 5.timestamp"))
                .body("errors[2].message", containsString("too far in the future"))
                .body("errors[3].field", equalTo("line 6.timestamp"))
                .body("errors[3].message", containsString("before 1900-01-01"))
                .body("errors[4].field", equalTo("line 7"))
                .body("errors[4].message", containsString("has 2 fields, the header 3"));
        assertThat(Metrics.dayTotal(metric, day, "")).containsEntry("count", 0); // nothing of the file

        // the limits of every path: 1,024 bytes of dimensions, declared dimensions, the file's own metric
        String ndjson = "{\"timestamp\":\"" + day + "\",\"value\":1,\"dimensions\":{\"a\":\"" + long200 + "\",\"b\":\""
                + long200 + "\",\"c\":\"" + long200 + "\",\"d\":\"" + long200 + "\",\"e\":\"" + long200 + "\"}}\n"
                + "{\"timestamp\":\"" + day + "\",\"value\":1,\"dimensions\":{\"browser\":\"firefox\"}}\n"
                + "{\"metric\":\"another.metric\",\"timestamp\":\"" + day + "\",\"value\":1}\n"
                + "{\"metric\":\"" + metric + "\",\"timestamp\":\"" + day + "\",\"value\":1}\n";
        importHistory(metric, "application/x-ndjson", ndjson)
                .statusCode(400)
                .body("errors.field", hasItems("line 1.dimensions", "line 2.dimensions.browser", "line 3.metric"))
                .body("errors[0].message", containsString("bytes in all, at most 1,024"))
                .body("errors.size()", equalTo(3));
        assertThat(Metrics.dayTotal(metric, day, "")).containsEntry("count", 0);

        importHistory(metric, "text/csv", "timestamp,value,browser\n" + day + ",1,firefox\n")
                .statusCode(400)
                .body("errors[0].field", equalTo("header.browser"));
        importHistory(metric, "text/csv", "timestamp,value\n").statusCode(400).body("errors[0].field", equalTo("body"));
        importHistory("history.unknown-metric", "text/csv", "timestamp,value\n" + day + ",1\n")
                .statusCode(422);
        caller(Scopes.READ)
                .body("timestamp,value\n" + day + ",1\n")
                .post("/api/metrics/" + metric + "/history")
                .then()
                .statusCode(403);
    }

    private static ValidatableResponse importHistory(String metric, String contentType, CharSequence body) {
        return caller(Scopes.METRICS_WRITE)
                .contentType(contentType)
                .body(body.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/history")
                .then();
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(EmbeddedPlatform.get().jdbcUrl("metrics"), "postgres", "postgres");
    }

    /** Each bucket's revision, by {@code granularity|dims|bucket_start} (the start as PostgreSQL prints it in UTC). */
    private static Map<String, Long> revisions(String metric) throws Exception {
        Map<String, Long> revisions = new HashMap<>();
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement("select granularity, dims, bucket_start at time zone"
                        + " 'UTC' || '+00', revision from rollup where metric = ?")) {
            query.setString(1, metric);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    revisions.put(
                            rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3), rows.getLong(4));
                }
            }
        }
        return revisions;
    }

    /** Waits until every bucket of the metric is announced at its revision. */
    private static void awaitAnnounced(String metric) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection db = connect();
                    PreparedStatement query = db.prepareStatement(
                            "select count(*) from rollup where metric = ? and revision <> published_revision")) {
                query.setString(1, metric);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
            }
            assertThat(System.nanoTime())
                    .as("all buckets of %s announced", metric)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The metric's rollup events on the topic, as {@code <subject without the metric>@<revision>}. */
    private static Set<String> announced(String metric) {
        Set<String> events = new HashSet<>();
        for (Event e : PublishedEvents.allEvents(
                EmbeddedPlatform.get().kafkaBootstrapServers(), EventType.METRIC_ROLLUP.topic())) {
            if (e.type().equals(EventType.METRIC_ROLLUP.type())
                    && e.data().path("metric").asText().equals(metric)) {
                String subject = e.subject();
                events.add(subject.substring(metric.length() + 1) + "@"
                        + e.data().path("revision").asLong());
            }
        }
        return events;
    }
}
