package dev.whatmoved.local.scale;

import dev.whatmoved.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * When every point produced is durable: the offsets metrics stores with its rollups reach the end of every partition
 * of {@code whatmoved.metric-points}.
 */
final class DurableOffsets {

    private final Broker broker;
    private final Db metricsDb;
    private final Path logs;

    /** @param logs the platform's logs, named when the points do not become durable */
    DurableOffsets(Broker broker, Db metricsDb, Path logs) {
        this.broker = broker;
        this.metricsDb = metricsDb;
        this.logs = logs;
    }

    /** Until the offsets stored with the rollups reach the end of every partition of the points topic. */
    void await(Duration timeout) {
        Map<Integer, Long> end = broker.endOffsets(Topics.METRIC_POINTS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, Long> stored = new HashMap<>();
            for (Object[] row : metricsDb.rows(
                    "select partition, max(next_offset) from consumer_offset where topic = ? group by partition",
                    Topics.METRIC_POINTS)) {
                stored.put(((Number) row[0]).intValue(), row[1] == null ? 0L : ((Number) row[1]).longValue());
            }
            if (end.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("points not durable within " + timeout.toSeconds() + " s: stored "
                        + stored + ", end " + end + "; logs in " + logs);
            }
            BenchRuns.sleep(Duration.ofMillis(50));
        }
    }
}
