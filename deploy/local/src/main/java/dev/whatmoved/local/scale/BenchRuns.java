package dev.whatmoved.local.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the benchmarks that start a platform of their own share: their main, the launcher settings, pauses. */
final class BenchRuns {

    /** A benchmark's run: true when everything it checks held. */
    interface Bench {
        boolean run(Path home, Path data);
    }

    private BenchRuns() {}

    /**
     * Runs {@code bench} with the repository ({@code -Dwhatmoved.home}) and a fresh data directory, says where its logs
     * are, and exits 0 when it passed, 1 otherwise.
     */
    static void main(String name, String label, Bench bench) throws IOException {
        Path home = Path.of(System.getProperty("whatmoved.home", ".")).toAbsolutePath();
        Path data = Files.createTempDirectory("whatmoved-" + name);
        int status = 1;
        try {
            status = bench.run(home, data) ? 0 : 1;
        } catch (RuntimeException e) {
            e.printStackTrace();
        } finally {
            System.out.println("[" + label + "] logs and data in " + data);
            System.exit(status);
        }
    }

    /**
     * The launcher's settings for PostgreSQL and Kafka alone (the bench starts the services itself), in {@code data}, on
     * the first three of {@code free} ports.
     */
    static Map<String, String> infraOnly(Path data, List<Integer> free) {
        Map<String, String> env = new HashMap<>();
        env.put("WHATMOVED_DATA_DIR", data.toString());
        env.put("WHATMOVED_PG_PORT", free.get(0).toString());
        env.put("WHATMOVED_KAFKA_PORT", free.get(1).toString());
        env.put("WHATMOVED_KAFKA_CONTROLLER_PORT", free.get(2).toString());
        env.put("WHATMOVED_INFRA_ONLY", "true");
        env.put("WHATMOVED_START_TIMEOUT", "300");
        return env;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
