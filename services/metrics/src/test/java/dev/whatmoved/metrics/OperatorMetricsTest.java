package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads in {@code /q/metrics} moves when points arrive: accepted and rejected points per path and
 * reason, the point consumer's lag and stored offset per partition, and the announcer's backlog.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class OperatorMetricsTest {

    private static final String ACCEPTED = "whatmoved_points_accepted_total";
    private static final String REJECTED = "whatmoved_points_rejected_total";

    @Test
    void pointsOverHttpAndCsvAreCountedByPathAndReason() {
        String metric = Metrics.register(Metrics.key("ops.http"), "sum");
        Instant day = Metrics.daysAgo(3);
        double accepted = PublicMetrics.value(ACCEPTED, "source", "http");
        double finite = PublicMetrics.value(REJECTED, "source", "http", "reason", "value");
        double unknown = PublicMetrics.value(REJECTED, "source", "http", "reason", "unknown_metric");
        double malformed = PublicMetrics.value(REJECTED, "source", "http", "reason", "malformed");

        Metrics.postPoints("{\"metric\": \"" + metric + "\", \"timestamp\": \"" + day + "\", \"value\": 1}\n"
                        + "{\"metric\": \"" + metric + "\", \"timestamp\": \"" + day + "\", \"value\": 2}\n"
                        + "{\"metric\": \"" + metric + "\", \"timestamp\": \"" + day + "\", \"value\": NaN}\n"
                        + "{\"metric\": \"ops.nobody-registered\", \"timestamp\": \"" + day + "\", \"value\": 1}\n"
                        + "42\n")
                .statusCode(202);

        assertThat(PublicMetrics.value(ACCEPTED, "source", "http")).isEqualTo(accepted + 2);
        assertThat(PublicMetrics.value(REJECTED, "source", "http", "reason", "value"))
                .isEqualTo(finite + 1);
        assertThat(PublicMetrics.value(REJECTED, "source", "http", "reason", "unknown_metric"))
                .isEqualTo(unknown + 1);
        assertThat(PublicMetrics.value(REJECTED, "source", "http", "reason", "malformed"))
                .isEqualTo(malformed + 1);

        double csvAccepted = PublicMetrics.value(ACCEPTED, "source", "csv");
        double csvTimestamp = PublicMetrics.value(REJECTED, "source", "csv", "reason", "timestamp");
        String csv = "timestamp,value\n" + day + ",4\n" + Instant.now().plus(Duration.ofDays(30)) + ",5\n";
        caller(Scopes.METRICS_WRITE)
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/csv")
                .then()
                .statusCode(202);
        assertThat(PublicMetrics.value(ACCEPTED, "source", "csv")).isEqualTo(csvAccepted + 1);
        assertThat(PublicMetrics.value(REJECTED, "source", "csv", "reason", "timestamp"))
                .isEqualTo(csvTimestamp + 1);
    }

    @Test
    void theAnnouncersBacklogEmptiesOnceItsBucketsAreAnnounced() {
        String metric = Metrics.register(Metrics.key("ops.due"), "sum");
        Instant day = Metrics.daysAgo(2);
        Metrics.postPoints("{\"metric\": \"" + metric + "\", \"timestamp\": \"" + day + "\", \"value\": 4}\n")
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Metrics.dayTotal(metric, day, ""))
                .containsEntry("sum", 4.0f));
        // the bucket was due and then announced (or passed over): the gauges count what is due, not what is stored
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(PublicMetrics.value("whatmoved_rollups_due")).isZero();
            assertThat(PublicMetrics.value("whatmoved_rollups_due_oldest_age_seconds"))
                    .isZero();
        });
    }

    @Test
    void kafkaPointsAndTheConsumerLagPerPartition() {
        String metric = Metrics.register(Metrics.key("ops.kafka"), "sum");
        Instant day = Metrics.daysAgo(3);
        // the lag and offset gauges are there for each partition once the first round has measured them
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(PublicMetrics.samples())
                .filteredOn(s -> s.name().equals("whatmoved_points_consumer_lag"))
                .extracting(s -> s.labels().get("partition"))
                .contains("0", "1"));
        double offsets = PublicMetrics.value("whatmoved_points_consumer_offset");
        double accepted = PublicMetrics.value(ACCEPTED, "source", "kafka");
        double rejected = PublicMetrics.value(REJECTED, "source", "kafka", "reason", "value");
        double unreadable = PublicMetrics.value(REJECTED, "source", "kafka", "reason", "malformed");

        TestEvents.publish(
                Topics.METRIC_POINTS,
                metric,
                "[{\"timestamp\": \"" + day + "\", \"value\": 2}, {\"timestamp\": \"" + day + "\", \"value\": NaN}]",
                List.of());
        TestEvents.publish(Topics.METRIC_POINTS, metric, "\u0000not points", List.of());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(PublicMetrics.value(ACCEPTED, "source", "kafka")).isEqualTo(accepted + 1);
            assertThat(PublicMetrics.value(REJECTED, "source", "kafka", "reason", "value"))
                    .isEqualTo(rejected + 1);
            assertThat(PublicMetrics.value(REJECTED, "source", "kafka", "reason", "malformed"))
                    .isEqualTo(unreadable + 1);
            // both records applied: the stored offsets moved on by two, and nothing is left behind
            assertThat(PublicMetrics.value("whatmoved_points_consumer_offset")).isEqualTo(offsets + 2);
            assertThat(PublicMetrics.value("whatmoved_points_consumer_lag")).isZero();
        });
    }

    @Test
    void theReasonOfARejectionIsOneOfAFewWords() {
        assertThat(dev.whatmoved.metrics.operations.OperatorMetrics.reason("value: must be a finite number"))
                .isEqualTo("value");
        assertThat(dev.whatmoved.metrics.operations.OperatorMetrics.reason("my.metric: value: missing"))
                .isEqualTo("value");
        assertThat(dev.whatmoved.metrics.operations.OperatorMetrics.reason(
                        "metric: unknown metric 'x' (register it first: POST /api/metrics)"))
                .isEqualTo("unknown_metric");
        assertThat(dev.whatmoved.metrics.operations.OperatorMetrics.reason(
                        "dimensions: m already has 25 dimension combinations, its limit"))
                .isEqualTo("dimension_limit");
        assertThat(dev.whatmoved.metrics.operations.OperatorMetrics.reason("dimensions.plan: not a dimension of m"))
                .isEqualTo("dimensions");
        assertThat(dev.whatmoved.metrics.operations.OperatorMetrics.reason("malformed JSON at line 1: oops"))
                .isEqualTo("malformed");
    }
}
