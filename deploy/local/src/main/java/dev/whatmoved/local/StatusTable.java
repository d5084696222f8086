package dev.whatmoved.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The "what runs where" summary printed once everything is ready. */
final class StatusTable {

    private static final int LABEL = 14;

    private final Platform platform;

    StatusTable(Platform platform) {
        this.platform = platform;
    }

    void print(PrintStream out) {
        PlatformConfig config = platform.config();
        Map<String, Duration> times = platform.startTimes();
        out.println();
        out.println("whatmoved is up");
        out.println();
        row(out, "PostgreSQL", platform.jdbcUrl("<db>") + tookOrExternal(times.get("PostgreSQL")));
        row(out, "  databases", String.join(", ", PlatformConfig.DATABASES) + " (user " + config.dbUser() + ")");
        if (config.externalPg().isEmpty()) {
            row(out, "  log", relative(config.logsDir().resolve("postgres.log")));
        }
        row(out, "Kafka", platform.kafkaBootstrap() + tookOrExternal(times.get("Kafka")));
        if (config.externalKafka().isEmpty()) {
            row(out, "  log", relative(config.logsDir().resolve("kafka.log")));
        }
        for (Map.Entry<String, URI> service : platform.serviceUrls().entrySet()) {
            String name = service.getKey();
            String url = service.getValue().toString();
            out.println();
            row(out, name, url + took(times.get(name)));
            if (PlatformConfig.CONSOLE.equals(name)) {
                // The web pages: no API of its own to browse.
                row(out, "  log", relative(platform.serviceLog(name)));
                continue;
            }
            row(out, "  swagger ui", url + "/q/swagger-ui");
            row(out, "  health", url + "/q/health");
            row(out, "  metrics", url + "/q/metrics");
            row(out, "  log", relative(platform.serviceLog(name)));
        }
        out.println();
        row(out, "data", config.dataDir().toString());
        out.println();
        out.println("Ctrl-C stops everything.");
    }

    private static void row(PrintStream out, String label, String value) {
        out.println("  " + Platform.pad(label, LABEL) + value);
    }

    private static String took(Duration duration) {
        return duration == null ? "" : "   (ready in " + Platform.seconds(duration) + ")";
    }

    private static String tookOrExternal(Duration duration) {
        return duration == null ? "   (external)" : took(duration);
    }

    /** Log paths relative to where the user is, when that is shorter. */
    private static String relative(Path file) {
        Path here = Path.of("").toAbsolutePath();
        return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
    }
}
