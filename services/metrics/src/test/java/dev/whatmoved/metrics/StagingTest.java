package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.metrics.domain.Point;
import dev.whatmoved.metrics.model.Bucketing;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.model.RollupCodec;
import dev.whatmoved.metrics.repository.StagingRepository;
import dev.whatmoved.metrics.rollup.StagingApplier;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The staging table between an HTTP answer and the rollups: rows nobody signalled (left by a stopped or crashed instance) are
 * applied once; a read after answered requests sees their points.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class StagingTest {

    @Inject
    Pool pool;

    @Inject
    StagingApplier applier;

    @Inject
    StagingRepository staging;

    @Test
    void rowsLeftByAnotherInstanceAreAppliedExactlyOnce() throws Exception {
        String orders = Metrics.register(Metrics.key("orders"), "sum");
        Instant day = Metrics.daysAgo(3);
        RollupAccumulator rollup = new RollupAccumulator(new Bucketing(ZoneOffset.UTC));
        for (int i = 0; i < 10; i++) {
            rollup.add(new Point(orders, day.plusSeconds(600L * i), i, Double.NaN, "{}", 1, Double.NaN, Double.NaN));
        }
        for (int row = 0; row < 3; row++) { // as a crashed instance left them: in the staging table, nobody signalling
            pool.withTransaction(conn -> staging.stage(conn, 10, rollup.bucketCount(), RollupCodec.encode(rollup)))
                    .await()
                    .atMost(Duration.ofSeconds(10));
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (waitingRows() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(waitingRows())
                .as("rows still in the staging table after the sweep")
                .isZero();
        Thread.sleep(1500); // a second sweep would add them again if they were not deleted with their upsert
        dayTotal(orders, day, 3 * 10, 3 * 45.0);
    }

    @Test
    void aReadAfterConcurrentAnswersSeesEveryAnsweredPoint() throws Exception {
        String visits = Metrics.register(Metrics.key("visits"), "count");
        Instant day = Metrics.daysAgo(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        applier.holdUntil(release); // the applier falls behind: the answered points wait in the staging table
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            int request = r;
            requests.add(CompletableFuture.runAsync(() -> {
                StringBuilder ndjson = new StringBuilder();
                IntStream.range(0, 250).forEach(i -> ndjson.append("{\"metric\":\"")
                        .append(visits)
                        .append("\",\"timestamp\":\"")
                        .append(day.plusSeconds(request * 3600L + i))
                        .append("\",\"value\":1}\n"));
                Metrics.postPoints(ndjson).statusCode(202).body("accepted", equalTo(250));
            }));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get();
        assertThat(waitingRows())
                .as("answered rows waiting in the staging table")
                .isPositive();

        // the read waits for the staged rows stored before it
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> dayTotal(visits, day, 8 * 250, 8 * 250.0));
        Thread.sleep(500);
        assertThat(read)
                .as("a read while answered points are not in the rollups yet")
                .isNotDone();
        release.complete(null);
        read.get(20, java.util.concurrent.TimeUnit.SECONDS);
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

    private static void dayTotal(String metric, Instant day, int count, double sum) {
        Map<String, Object> total = Metrics.dayTotal(metric, day, "");
        assertThat(total.get("count")).isEqualTo(count);
        assertThat(total.get("sum")).isEqualTo((float) sum);
    }
}
