package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Rollup announcements go from the rollup table straight to Kafka: at least once, with stable event ids. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class RollupAnnouncementTest {

    /** Makes a metric's day bucket due again, as it is when the service died after sending its event, before the mark. */
    private static final String UNMARK =
            "update rollup set published_revision = 0, due_since = now() where metric = ? and granularity = 'day'";

    @Test
    void announcesABucketAgainWithTheSameIdWhenItsMarkWasLostAndAChangeWithANewOne() throws Exception {
        String metric = Metrics.register(Metrics.key("visits"), "sum");
        Instant day = Metrics.daysAgo(2);
        post(metric, day.plusSeconds(3600), 3);
        Predicate<Event> dayTotal = e -> e.data().path("metric").asText().equals(metric)
                && e.data().path("granularity").asText().equals("day")
                && e.data().path("dimensions").isEmpty();
        Event first = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.METRIC_ROLLUP,
                dayTotal.and(e -> e.data().path("revision").asLong() == 1));

        // The broker acknowledged the event, then the service died before it marked the bucket announced.
        try (Connection db = connect();
                PreparedStatement unmark = db.prepareStatement(UNMARK)) {
            unmark.setString(1, metric);
            assertThat(unmark.executeUpdate()).isEqualTo(1);
        }
        List<Event> sent = awaitEvents(dayTotal, 2);
        assertThat(sent).extracting(Event::id).containsExactly(first.id(), first.id());
        assertThat(sent.get(1).data()).isEqualTo(first.data());

        post(metric, day.plusSeconds(7200), 4);
        Event changed = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.METRIC_ROLLUP,
                dayTotal.and(e -> e.data().path("revision").asLong() == 2));
        assertThat(changed.id()).isNotEqualTo(first.id());
        assertThat(changed.data().path("sum").asDouble()).isEqualTo(7.0);
        // announced once more, not again and again: the mark held this time
        Thread.sleep(1000);
        assertThat(events(dayTotal)).hasSize(3);
    }

    @Test
    void leavesABucketAnotherTransactionHoldsDueAndMarksItOnceReleased() throws Exception {
        String metric = Metrics.register(Metrics.key("carts"), "sum");
        post(metric, Metrics.daysAgo(2).plusSeconds(3600), 5);
        awaitPublished(metric, 1);
        Predicate<Event> dayTotal = e -> e.data().path("metric").asText().equals(metric)
                && e.data().path("granularity").asText().equals("day");
        try (Connection holder = connect();
                Connection other = connect()) {
            holder.setAutoCommit(false);
            // a row lock the mark's "for update skip locked" skips, which still lets the next statement change the row
            try (PreparedStatement hold = holder.prepareStatement(
                    "select 1 from rollup where metric = ? and granularity = 'day' for key share")) {
                hold.setString(1, metric);
                hold.executeQuery().close();
            }
            // due again (as after a crash before the mark), while held
            try (PreparedStatement unmark = other.prepareStatement(UNMARK)) {
                unmark.setString(1, metric);
                unmark.executeUpdate();
            }
            assertThat(awaitEvents(dayTotal, 2)).hasSizeGreaterThanOrEqualTo(2); // sent again: the read takes no lock
            Thread.sleep(500);
            assertThat(published(metric)).isZero(); // but not marked while held
            holder.rollback();
        }
        awaitPublished(metric, 1);
    }

    private static void awaitPublished(String metric, long revision) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (published(metric) != revision && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(published(metric)).isEqualTo(revision);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(EmbeddedPlatform.get().jdbcUrl("metrics"), "postgres", "postgres");
    }

    /** The day bucket's published_revision. */
    private static long published(String metric) throws Exception {
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement(
                        "select published_revision from rollup where metric = ? and granularity = 'day'")) {
            query.setString(1, metric);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void sendsAMetricsWatermarkAfterItsBucketsOnceEverythingIngestedBeforeItIsAnnounced() {
        String metric = Metrics.register(Metrics.key("watermarked"), "sum");
        post(metric, Metrics.daysAgo(3), 4);
        Instant ingested = Instant.now(); // the point is durable (202) by now
        String bootstrap = EmbeddedPlatform.get().kafkaBootstrapServers();
        Event watermark = PublishedEvents.awaitEvent(
                bootstrap,
                EventType.METRIC_ANNOUNCED,
                e -> e.key().equals(metric)
                        && !Instant.parse(e.data().path("announcedThrough").asText())
                                .isBefore(ingested));
        assertThat(watermark.subject()).isEqualTo(metric);
        // on the metric's partition, its buckets' events come before the watermark that covers them
        List<String> order = PublishedEvents.allEvents(bootstrap, EventType.METRIC_ROLLUP.topic()).stream()
                .filter(e -> e.key().equals(metric))
                .map(e -> e.type().equals(EventType.METRIC_ROLLUP.type())
                        ? e.data().path("granularity").asText()
                        : e.id())
                .toList();
        assertThat(order).contains("day", "hour", watermark.id());
        assertThat(order.indexOf("day")).isLessThan(order.indexOf(watermark.id()));
        assertThat(order.indexOf("hour")).isLessThan(order.indexOf(watermark.id()));
    }

    private static void post(String metric, Instant at, double value) {
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"" + at + "\", \"value\": " + value + "}]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(202);
    }

    private static List<Event> events(Predicate<Event> matching) {
        return PublishedEvents.allEvents(
                        EmbeddedPlatform.get().kafkaBootstrapServers(), EventType.METRIC_ROLLUP.topic())
                .stream()
                .filter(matching)
                .toList();
    }

    private static List<Event> awaitEvents(Predicate<Event> matching, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Event> found = events(matching);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = events(matching);
        }
        return found;
    }
}
