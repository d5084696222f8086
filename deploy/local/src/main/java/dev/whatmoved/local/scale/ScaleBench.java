package dev.whatmoved.local.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code ./whatmoved bench scale} (deploy/bench/run-scale.sh): runs {@link ScaleProof} and prints its figures; the
 * last line is {@code RESULT one_instance_points_per_s=… two_instances_points_per_s=… ratio=… rollups_exact=…
 * outcomes_exactly_once=…}. Exits 1 when a rollup is not exact or an outcome is missing or duplicated.
 *
 * <p>System properties: {@code points} (per throughput phase, 2,000,000), {@code chaosPoints} (2,000,000), {@code
 * batch} (1,000 points per record), {@code chaosSeconds} (40), {@code chaosMetrics} (4), {@code historyDays} (60),
 * {@code jobEvery} (2s), {@code announceInterval} (3s), {@code settleSeconds} (600), {@code keep} (false: the data
 * directory is deleted after a successful run), {@code sessionTimeoutMs} (the services' Kafka session timeout; Kafka's
 * default, 45 s, when absent), {@code whatmoved.home} (the repository).
 */
public final class ScaleBench {

    private ScaleBench() {}

    public static void main(String[] args) throws IOException {
        Path home = Path.of(System.getProperty("whatmoved.home", "."))
                .toAbsolutePath()
                .normalize();
        Path data = Files.createTempDirectory("whatmoved-scale");
        ScaleProof.Settings settings = new ScaleProof.Settings(
                home,
                data,
                Long.getLong("points", 2_000_000),
                Long.getLong("chaosPoints", 2_000_000),
                Integer.getInteger("batch", 1000),
                Duration.ofSeconds(Long.getLong("chaosSeconds", 40)),
                Integer.getInteger("chaosMetrics", 4),
                Integer.getInteger("historyDays", 60),
                System.getProperty("jobEvery", "2s"),
                System.getProperty("announceInterval", "3s"),
                Duration.ofSeconds(Long.getLong("settleSeconds", 600)),
                Boolean.getBoolean("keep"),
                Long.getLong("sessionTimeoutMs") == null ? null : Duration.ofMillis(Long.getLong("sessionTimeoutMs")));
        int status = 1;
        try {
            ScaleProof.Result result = new ScaleProof(settings, System.out).run();
            System.out.println("[scale] events:");
            result.events().forEach(e -> System.out.println("[scale]   " + e));
            System.out.printf(
                    "[scale] %,d points; stream under failure: %,.0f points/s until durable; %d expected outcomes;"
                            + " %d redelivered outcome event copies%n",
                    result.points(),
                    result.chaosPointsPerS(),
                    result.expectedOutcomes(),
                    result.redeliveredOutcomeCopies());
            boolean ok = result.rollupsExact() && result.outcomesExactlyOnce();
            if (ok && !settings.keepData()) {
                delete(data);
            } else {
                System.out.println("[scale] logs and data kept in " + data);
            }
            status = ok ? 0 : 1;
            System.out.println(result.resultLine());
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.out.println("[scale] failed; logs and data kept in " + data);
        } finally {
            System.exit(status);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
