package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.events.EventType;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.PublishedEvents.Event;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Metrics announces the rollup series its consumers declared ({@code metric.interest.v1}) and passes over the others;
 * a series declared later is announced with the buckets it already holds. Real Kafka and PostgreSQL; a few seconds.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class AnnouncedSeriesTest {

    private static final String DAY_TOTAL = "{\"granularity\": \"day\", \"dimensions\": []}";
    private static final String HOUR_TOTAL = "{\"granularity\": \"hour\", \"dimensions\": []}";
    private static final String HOUR_SLICES = "{\"granularity\": \"hour\", \"dimensions\": [\"plan\", \"country\"]}";
    private static final List<String> COUNTRIES = List.of("de", "fr", "it", "es", "pl");
    private static final List<String> PLANS = List.of("free", "pro");
    private static final int LIVE_HOURS = 4;

    @Test
    void announcesOnlyTheDeclaredSeriesThenANewlyDeclaredOneWithTheBucketsItHolds() throws Exception {
        String metric = Metrics.register(Metrics.key("declared"), "sum", "country", "plan");
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        declare(metric, first, DAY_TOTAL);
        Instant from = Metrics.daysAgo(3);
        Metrics.postPoints(hours(metric, from, 48)).statusCode(202);
        awaitNothingDue(metric);

        // 2 day totals; not the 48 hour totals, the 480 hour slices, the 20 day slices
        assertThat(events(metric)).extracting(AnnouncedSeriesTest::series).containsOnly("day {}");
        assertThat(events(metric)).hasSize(2);

        // a consumer starts reading hours and slices by country and plan: the stored ones come, day slices still not
        declare(metric, first.plusSeconds(60), DAY_TOTAL, HOUR_TOTAL, HOUR_SLICES);
        awaitNothingDue(metric);
        List<Event> announced = events(metric);
        assertThat(announced.stream().filter(e -> series(e).equals("hour {}")))
                .hasSize(48)
                .allSatisfy(e -> assertThat(e.data().path("count").asLong()).isEqualTo(10));
        assertThat(announced.stream().filter(e -> series(e).equals("hour {country, plan}")))
                .hasSize(480);
        assertThat(announced).extracting(AnnouncedSeriesTest::series).doesNotContain("day {country, plan}");
        assertThat(announced.stream().filter(e -> series(e).equals("hour {}")))
                .extracting(e -> Instant.parse(e.data().path("bucketStart").asText()))
                .containsAll(Set.of(from, from.plus(47, ChronoUnit.HOURS)));

        // an older declaration, delivered late, changes nothing (another consumer's, after it on the metric's
        // partition, shows it was taken); a new point is announced as declared
        publish("reader", metric, first.plusSeconds(30), DAY_TOTAL);
        publish("other", metric, first, DAY_TOTAL);
        awaitDeclared("other", metric, first);
        assertThat(declaredAt("reader", metric)).isEqualTo(first.plusSeconds(60));
        Metrics.postPoints(hours(metric, from, 1)).statusCode(202);
        awaitNothingDue(metric);
        assertThat(events(metric).stream().filter(e -> e.data().path("revision").asLong() == 2))
                .extracting(AnnouncedSeriesTest::series)
                .containsExactlyInAnyOrder(
                        "day {}",
                        "hour {}",
                        "hour {country, plan}",
                        "hour {country, plan}",
                        "hour {country, plan}",
                        "hour {country, plan}",
                        "hour {country, plan}",
                        "hour {country, plan}",
                        "hour {country, plan}",
                        "hour {country, plan}",
                        "hour {country, plan}",
                        "hour {country, plan}");
    }

    /**
     * A history import marks the buckets of series no consumer reads as announced itself, in its own transaction: the
     * announcer never reads them (a year of hourly history holds ten times more of them than of read ones). The test
     * holds the announcer's lock, so no round runs between the import and the check.
     */
    @Test
    void aHistoryImportPassesOverWhatNoConsumerReadsItself() throws Exception {
        String metric = Metrics.register(Metrics.key("imported"), "sum", "country", "plan");
        declare(metric, Instant.parse("2026-01-01T00:00:00Z"), DAY_TOTAL, HOUR_TOTAL);
        Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(400, ChronoUnit.DAYS);
        try (Connection announcer = connect()) {
            announcer.setAutoCommit(false);
            try (PreparedStatement lock = announcer.prepareStatement(
                    "select pg_advisory_xact_lock(hashtext('whatmoved.metrics.announce'))")) {
                lock.execute();
            }
            importHistory(metric, from, 48, 1).statusCode(200);
            // 48 hour totals and 2 day totals are due; the 480 hour slices and 20 day slices are passed over already
            assertThat(due(metric)).isEqualTo(50);
            assertThat(passedOver(metric)).isEqualTo(500);

            // a corrected file: the revised slices are passed over too, the revised totals are due
            importHistory(metric, from, 48, 2).statusCode(200);
            assertThat(due(metric)).isEqualTo(50);
            assertThat(passedOver(metric)).isEqualTo(500);
            announcer.rollback();
        }
        awaitNothingDue(metric);
        assertThat(events(metric)).extracting(AnnouncedSeriesTest::series).containsOnly("day {}", "hour {}");
        assertThat(events(metric)).hasSize(50).allSatisfy(e -> assertThat(
                        e.data().path("sum").asDouble())
                .isEqualTo(e.data().path("count").asDouble() * 2));
    }

    /**
     * Events per point for a metric with 2 dimensions and 10 combinations, one point per combination and hour: a
     * history import (2 days in one request) and live hours (one request an hour, each announced before the next).
     */
    @Test
    void measuresEventsPerPointBeforeAndAfter() throws Exception {
        String everything = Metrics.register(Metrics.key("undeclared"), "sum", "country", "plan");
        String predicted = Metrics.register(Metrics.key("predicted"), "sum", "country", "plan");
        String unpredicted = Metrics.register(Metrics.key("unpredicted"), "sum", "country", "plan");
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        declare(predicted, at, DAY_TOTAL, HOUR_TOTAL); // what attribution declares for a predicted metric
        declare(unpredicted, at, DAY_TOTAL); // attribution's declaration for every metric
        Instant history = Metrics.daysAgo(5);
        Instant live = Metrics.daysAgo(2);
        List<String> metrics = List.of(everything, predicted, unpredicted);
        Metrics.postPoints(metrics.stream().map(m -> hours(m, history, 48)).collect(Collectors.joining()))
                .statusCode(202);
        metrics.forEach(AnnouncedSeriesTest::awaitNothingDue);
        Map<String, Long> imported = countByMetric();
        for (int hour = 0; hour < LIVE_HOURS; hour++) {
            Instant hourStart = live.plus(hour, ChronoUnit.HOURS);
            Metrics.postPoints(metrics.stream().map(m -> hours(m, hourStart, 1)).collect(Collectors.joining()))
                    .statusCode(202);
            metrics.forEach(AnnouncedSeriesTest::awaitNothingDue);
        }
        Map<String, Long> all = countByMetric();
        StringBuilder report = new StringBuilder("ANNOUNCED events per point (10 combinations, hourly):");
        for (String metric : metrics) {
            long liveEvents = all.get(metric) - imported.get(metric);
            report.append(String.format(
                    " %s import=%.4f live=%.4f;",
                    metric.substring(0, metric.indexOf('.')),
                    imported.get(metric) / 480.0,
                    liveEvents / (10.0 * LIVE_HOURS)));
        }
        // each bucket once: 48 hours and 2 days, each a total and 10 slices; live, each hour's 11 and its day's 11
        assertThat(imported.get(everything)).isEqualTo(48 * 11 + 2 * 11);
        assertThat(all.get(everything) - imported.get(everything)).isEqualTo(LIVE_HOURS * 22);
        assertThat(imported.get(predicted)).isEqualTo(48 + 2);
        assertThat(all.get(predicted) - imported.get(predicted)).isEqualTo(LIVE_HOURS * 2);
        assertThat(imported.get(unpredicted)).isEqualTo(2);
        assertThat(all.get(unpredicted) - imported.get(unpredicted)).isEqualTo(LIVE_HOURS);
        System.out.println(report);
    }

    /** One point per country, plan and hour, for {@code hours} hours from {@code from}: 10 points an hour. */
    private static String hours(String metric, Instant from, int hours) {
        StringBuilder ndjson = new StringBuilder();
        for (int h = 0; h < hours; h++) {
            for (String country : COUNTRIES) {
                for (String plan : PLANS) {
                    ndjson.append(String.format(
                            "{\"metric\": \"%s\", \"timestamp\": \"%s\", \"value\": 1,"
                                    + " \"dimensions\": {\"country\": \"%s\", \"plan\": \"%s\"}}%n",
                            metric, from.plus(h, ChronoUnit.HOURS).plusSeconds(60), country, plan));
                }
            }
        }
        return ndjson.toString();
    }

    /** Imports {@code hours} hours of history from {@code from} as CSV, each combination's value {@code value}. */
    private static io.restassured.response.ValidatableResponse importHistory(
            String metric, Instant from, int hours, int value) {
        StringBuilder csv = new StringBuilder("timestamp,value,country,plan\n");
        for (int h = 0; h < hours; h++) {
            for (String country : COUNTRIES) {
                for (String plan : PLANS) {
                    csv.append(from.plus(h, ChronoUnit.HOURS))
                            .append(',')
                            .append(value)
                            .append(',')
                            .append(country)
                            .append(',')
                            .append(plan)
                            .append('\n');
                }
            }
        }
        return dev.whatmoved.testing.TestTokens.caller(dev.whatmoved.kit.security.Scopes.METRICS_WRITE)
                .contentType("text/csv")
                .body(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/history")
                .then();
    }

    private static long due(String metric) throws java.sql.SQLException {
        return count("select count(*) from rollup where metric = ? and due_since is not null", metric);
    }

    /** Buckets marked as announced that no event announced: the import passed them over. */
    private static long passedOver(String metric) throws java.sql.SQLException {
        return count(
                "select count(*) from rollup where metric = ? and due_since is null and published_revision = revision",
                metric);
    }

    private static long count(String sql, String metric) throws java.sql.SQLException {
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, metric);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Publishes reader's declaration for {@code metric} and waits until it is stored. */
    private static void declare(String metric, Instant at, String... series) throws Exception {
        publish("reader", metric, at, series);
        awaitDeclared("reader", metric, at);
    }

    private static void publish(String consumer, String metric, Instant at, String... series) {
        TestEvents.publish(
                EventType.METRIC_INTEREST,
                metric,
                metric,
                "{\"consumer\": \"%s\", \"metric\": \"%s\", \"declaredAt\": \"%s\", \"series\": [%s]}"
                        .formatted(consumer, metric, at, String.join(", ", series)));
    }

    private static void awaitDeclared(String consumer, String metric, Instant at) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!at.equals(declaredAt(consumer, metric)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(declaredAt(consumer, metric))
                .as("%s's declaration of %s", consumer, metric)
                .isEqualTo(at);
    }

    /** When the stored declaration of {@code metric} by {@code consumer} was made, or null. */
    private static Instant declaredAt(String consumer, String metric) throws Exception {
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement(
                        "select declared_at from rollup_interest where consumer = ? and metric = ?")) {
            query.setString(1, consumer);
            query.setString(2, metric);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /**
     * Waits until the staging table is empty (every point taken is in its buckets) and then no bucket of {@code metric} is
     * due: each was announced (its event acknowledged by the broker) or passed over.
     */
    private static void awaitNothingDue(String metric) {
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                try (Connection db = connect();
                        PreparedStatement query = db.prepareStatement("select (select count(*) from rollup_staging)"
                                + " + (select count(*) from rollup where metric = ? and due_since is not null)")) {
                    query.setString(1, metric);
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) == 0) {
                            return;
                        }
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("buckets of " + metric + " still due after 30 s");
        } catch (java.sql.SQLException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** How many rollup events each metric has on the topic. */
    private static Map<String, Long> countByMetric() {
        return PublishedEvents.allEvents(
                        EmbeddedPlatform.get().kafkaBootstrapServers(), EventType.METRIC_ROLLUP.topic())
                .stream()
                .filter(e -> e.type().equals(EventType.METRIC_ROLLUP.type()))
                .collect(Collectors.groupingBy(Event::key, Collectors.counting()));
    }

    private static List<Event> events(String metric) {
        return PublishedEvents.allEvents(
                        EmbeddedPlatform.get().kafkaBootstrapServers(), EventType.METRIC_ROLLUP.topic())
                .stream()
                .filter(e -> e.key().equals(metric) && e.type().equals(EventType.METRIC_ROLLUP.type()))
                .toList();
    }

    /** {@code hour {}} or {@code day {country, plan}}: an event's granularity and dimension keys. */
    private static String series(Event event) {
        List<String> keys = event.data().path("dimensions").properties().stream()
                .map(java.util.Map.Entry::getKey)
                .sorted()
                .toList();
        return event.data().path("granularity").asText() + " {" + String.join(", ", keys) + "}";
    }

    private static Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(EmbeddedPlatform.get().jdbcUrl("metrics"), "postgres", "postgres");
    }
}
