package dev.whatmoved.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.local.scale.ScaleProof;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The scale-out proof of {@code ./whatmoved bench scale}, reduced: two metrics and two attribution instances in the
 * same consumer groups on the embedded platform, a stream of points while releases are posted, one instance of each
 * killed with SIGKILL and restarted; afterwards every rollup bucket is exact and every due outcome exists once.
 */
class ScaleOutIT {

    @Test
    void killingAndRestartingInstancesDuringIngestLosesAndDuplicatesNothing() throws Exception {
        ScaleProof.Settings settings = new ScaleProof.Settings(
                RepoHome.resolve(),
                Files.createTempDirectory("scale-it"),
                0, // no throughput phases: both metrics instances from the start
                150_000,
                1000,
                Duration.ofSeconds(12),
                2,
                35,
                "1s",
                "2s",
                Duration.ofSeconds(150),
                true,
                // a killed instance's partitions move after 6 s instead of Kafka's default 45 s
                Duration.ofSeconds(6));

        ScaleProof.Result result = new ScaleProof(settings, System.out).run();

        assertThat(result.partitions()).isGreaterThanOrEqualTo(3);
        assertThat(result.events())
                .anyMatch(e -> e.contains("kill -9 metrics-2"))
                .anyMatch(e -> e.contains("kill -9 attribution-2"))
                .anyMatch(e -> e.contains("restarted metrics-2"))
                .anyMatch(e -> e.contains("restarted attribution-2"));
        // the restarted metrics instance is back in the group and holds partitions
        assertThat(result.metricsAssignments()).hasSize(2).allMatch(partitions -> partitions > 0);
        assertThat(result.points()).isEqualTo(150_000);
        assertThat(result.rollupMismatches())
                .as("rollup buckets that differ from what was produced")
                .isEmpty();
        assertThat(result.rollupsExact()).isTrue();
        assertThat(result.expectedOutcomes()).isPositive();
        assertThat(result.outcomeProblems())
                .as("outcomes missing or duplicated")
                .isEmpty();
        assertThat(result.outcomesExactlyOnce()).isTrue();
    }
}
