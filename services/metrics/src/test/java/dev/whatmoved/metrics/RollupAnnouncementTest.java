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
        try (Connection db =
                        DriverManager.getConnection(EmbeddedPlatform.get().jdbcUrl("metrics"), "postgres", "postgres");
                PreparedStatement unmark = db.prepareStatement(
                        "update rollup set published_revision = 0, due_since = now() where metric = ? and granularity = 'day'")) {
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
