package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.domain.Point;
import dev.whatmoved.metrics.model.Bucketing;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.model.RollupCodec;
import dev.whatmoved.metrics.repository.StagingRepository;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 1, defence in depth: what the rollups refuse for what it holds (an index entry over PostgreSQL's
 * limit, a sum overflowing a double) never stops the points queued behind it. In the staging table it is quarantined with the
 * reason, in health and metrics, and the rest of its round is applied; on Kafka the record is dead-lettered with the
 * reason and the partition moves on; on the all-or-nothing endpoint the request gets a 422.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class UnapplicablePointsTest {

    @Inject
    Pool pool;

    @Inject
    StagingRepository staging;

    @Test
    void aStagedRowTheRollupsRefuseIsQuarantinedAndStagingGoesOn() {
        String metric = Metrics.register(Metrics.key("quarantine"), "sum", "k");
        Instant day = Metrics.daysAgo(3);
        double quarantinedBefore = counter("whatmoved_intake_quarantined_total");
        // straight into the staging table, past the checks at the door: a dimension value no btree entry can hold
        // (6,000
        // random characters, which compression cannot bring under 2,704 bytes) and, in the same row, a valid point
        StringBuilder huge = new StringBuilder();
        Random random = new Random(1);
        for (int i = 0; i < 6000; i++) {
            huge.append((char) ('!' + random.nextInt(90)));
        }
        String dims = "{\"k\":\"" + huge.toString().replace("\\", "/").replace("\"", "'") + "\"}";
        RollupAccumulator row = new RollupAccumulator(new Bucketing(ZoneOffset.UTC));
        row.add(new Point(metric, day.plusSeconds(60), 100, Double.NaN, dims));
        row.add(new Point(metric, day.plusSeconds(120), 1, Double.NaN, "{}"));
        pool.withTransaction(conn -> staging.stage(conn, 2, row.bucketCount(), RollupCodec.encode(row)))
                .await()
                .atMost(Duration.ofSeconds(10));

        // a point sent afterwards reaches the rollups within the usual wait of a read
        Metrics.postPoints(
                        "{\"metric\":\"" + metric + "\",\"timestamp\":\"" + day.plusSeconds(180) + "\",\"value\":10}")
                .statusCode(202);
        // (the refused point's share of the metric's total was applied with the rest of the row)
        assertThat(Metrics.dayTotal(metric, day, "")).containsEntry("count", 3).containsEntry("sum", 111.0f);

        // the refused buckets (its hour and its day) are in the quarantine with the database's reason
        List<Row> quarantined = new ArrayList<>();
        pool.preparedQuery("select granularity, dims, points, reason, deltas from staging_quarantine where metric = $1"
                        + " order by granularity")
                .execute(Tuple.of(metric))
                .await()
                .atMost(Duration.ofSeconds(10))
                .forEach(quarantined::add);
        assertThat(quarantined).hasSize(2);
        assertThat(quarantined).extracting(r -> r.getString("granularity")).containsExactly("day", "hour");
        for (Row q : quarantined) {
            assertThat(q.getString("dims")).isEqualTo(dims);
            assertThat(q.getLong("points")).isEqualTo(1);
            assertThat(q.getString("reason")).startsWith("54000 ").contains("index row size");
            RollupAccumulator replay = new RollupAccumulator(new Bucketing(ZoneOffset.UTC));
            RollupCodec.decodeInto(q.getBuffer("deltas").getBytes(), replay);
            assertThat(replay.bucketCount()).as("the bucket, replayable").isEqualTo(1);
        }
        assertThat(waitingRows())
                .as("nothing left waiting in the staging table")
                .isZero();

        // health reports it as data, and stays up; the counter counts it
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'metric-point intake' }.status", equalTo("UP"))
                .body(
                        "checks.find { it.name == 'metric-point intake' }.data.newestQuarantineReason",
                        containsString("index row size"));
        assertThat(given().get("/q/health/ready")
                        .then()
                        .extract()
                        .jsonPath()
                        .getLong("checks.find { it.name == 'metric-point intake' }.data.quarantined"))
                .isGreaterThanOrEqualTo(2);
        assertThat(counter("whatmoved_intake_quarantined_total")).isGreaterThanOrEqualTo(quarantinedBefore + 2);
    }

    /**
     * A record whose points the database refuses (the door bounds values, so a sum can no longer overflow a double: the
     * refusal is injected with a trigger standing in for it) is dead-lettered on Kafka with the reason (the consumer
     * used to read it again and again, stalling its partitions), and the records after it are applied.
     */
    @Test
    void aKafkaRecordTheRollupsRefuseIsDeadLetteredAndTheRecordsAfterItCount() {
        String huge = Metrics.register(Metrics.key("overflow.kafka"), "sum");
        String after = Metrics.register(Metrics.key("after.overflow"), "sum");
        Instant day = Metrics.daysAgo(4);
        double unapplicableBefore = counter("whatmoved_points_unapplicable_total");
        refuseSumsAbove(huge, 1500);
        TestEvents.publish(Topics.METRIC_POINTS, huge, point(day.plusSeconds(60), "1000"), List.of());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Metrics.dayTotal(huge, day, "")).containsEntry("count", 1));

        // 1000 + 1000 is beyond what the database takes for this metric: it refuses the record, for ever
        TestEvents.publish(Topics.METRIC_POINTS, huge, point(day.plusSeconds(120), "1000"), List.of());
        TestEvents.publish(Topics.METRIC_POINTS, after, point(day.plusSeconds(180), "7"), List.of());
        TestEvents.publish(Topics.METRIC_POINTS, huge, point(day.plusSeconds(240), "-1"), List.of());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Metrics.dayTotal(after, day, ""))
                .containsEntry("count", 1)
                .containsEntry("sum", 7.0f));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Metrics.dayTotal(huge, day, "")).containsEntry("count", 2));
        var dead = PublishedEvents.awaitRecord(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                Topics.deadLetter(Topics.METRIC_POINTS),
                r -> huge.equals(r.key()));
        assertThat(PublishedEvents.headerValue(dead, "dead-letter-reason"))
                .startsWith("the rollups refuse the record's points: 22003 ")
                .contains("out of range");
        assertThat(dead.value()).isEqualTo(point(day.plusSeconds(120), "1000"));
        assertThat(counter("whatmoved_points_unapplicable_total")).isGreaterThanOrEqualTo(unapplicableBefore + 1);
    }

    /** The all-or-nothing endpoint writes the rollups itself: a refused batch is a 422, not a 500 to retry. */
    @Test
    void theAllOrNothingEndpointAnswers422ForPointsTheRollupsRefuse() {
        String metric = Metrics.register(Metrics.key("overflow.sync"), "sum");
        Instant day = Metrics.daysAgo(5);
        refuseSumsAbove(metric, 1500);
        String body = "[{\"timestamp\": \"" + day.plusSeconds(60) + "\", \"value\": 1000}]";
        caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body(body)
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(202);
        caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body(body)
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("points-not-applicable"));
        assertThat(Metrics.dayTotal(metric, day, "")).containsEntry("count", 1);
    }

    /**
     * Makes the database refuse, as it would a sum beyond a double, any bucket of {@code metric} whose sum passes
     * {@code limit}: a trigger raising SQLSTATE 22003 (numeric value out of range), for this metric only.
     */
    private void refuseSumsAbove(String metric, double limit) {
        String name = "test_refuse_" + Integer.toHexString(metric.hashCode() & 0x7fffffff);
        pool.query("create or replace function " + name + "() returns trigger language plpgsql as $$ begin"
                        + " if new.metric = '" + metric + "' and new.sum > " + limit + " then"
                        + " raise exception 'value out of range: overflow' using errcode = '22003';"
                        + " end if; return new; end $$")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10));
        pool.query("create or replace trigger " + name + " before insert or update on rollup for each row"
                        + " execute function " + name + "()")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private static String point(Instant at, String value) {
        return "{\"timestamp\": \"" + at + "\", \"value\": " + value + "}";
    }

    private long waitingRows() {
        return pool.query("select count(*) as n from rollup_staging")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong("n");
    }

    /** A counter of {@code /q/metrics}, summed over its tags; 0 while it has none. */
    private static double counter(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
