package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The applier's pacing, with an interval far longer than the test: requests that keep coming wait in the staging table for
 * the next paced round (each bucket is then written once for all of them), while a series read does not wait for the
 * interval: it starts a round at once and sees every answered point.
 */
@QuarkusTest
@TestProfile(StagingPacingTest.LongInterval.class)
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class StagingPacingTest {

    static final int REQUESTS = 20;
    static final int POINTS = 50;

    public static class LongInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("whatmoved.metrics.intake.apply-interval", "60s");
        }
    }

    @Inject
    Pool pool;

    @Test
    void requestsWaitForThePacedRoundAndAReadDoesNot() throws Exception {
        String signups = Metrics.register(Metrics.key("signups"), "sum");
        Instant day = Metrics.daysAgo(2);
        for (int r = 0; r < REQUESTS; r++) { // one after the other: each its own group commit
            StringBuilder ndjson = new StringBuilder();
            for (int i = 0; i < POINTS; i++) {
                ndjson.append("{\"metric\":\"")
                        .append(signups)
                        .append("\",\"timestamp\":\"")
                        .append(day.plusSeconds(r * 3600L + i))
                        .append("\",\"value\":2}\n");
            }
            Metrics.postPoints(ndjson).statusCode(202).body("accepted", equalTo(POINTS));
        }
        Thread.sleep(2000); // several sweeps: each one is paced too

        // at most the first group commit met an idle applier and was applied at once; the rest wait for the interval
        assertThat(storedCount(signups, day))
                .as("points in the rollups before the interval has passed")
                .isLessThanOrEqualTo(POINTS);

        // a read starts a round at once: it sees every answered point well within its wait (10 s), not after 60 s
        long start = System.nanoTime();
        Map<String, Object> total = Metrics.dayTotal(signups, day, "");
        assertThat(total.get("count")).isEqualTo(REQUESTS * POINTS);
        assertThat(total.get("sum")).isEqualTo((float) (REQUESTS * POINTS * 2.0));
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("how long the read took")
                .isLessThan(Duration.ofSeconds(5));
    }

    /** The day bucket's count straight from the database (a series read would start a round). */
    private long storedCount(String metric, Instant day) {
        var rows = pool.preparedQuery("select coalesce(sum(count), 0) as n from rollup where metric = $1"
                        + " and granularity = 'day' and dims = '{}' and bucket_start = $2")
                .execute(Tuple.of(metric, day.atOffset(ZoneOffset.UTC)))
                .await()
                .atMost(Duration.ofSeconds(10));
        return rows.iterator().next().getLong("n");
    }
}
