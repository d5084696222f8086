package dev.whatmoved.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, installed by the build through
 * {@code services/testing/install-prometheus.sh} when missing) for tests that pull from one: its own generated
 * configuration scraping the targets a test gives, its own data directory, a free port on 127.0.0.1. Historical data
 * goes in before the start with {@link Builder#history(String)} ({@code promtool tsdb create-blocks-from openmetrics}),
 * so a test has retention to backfill without waiting in real time.
 *
 * <pre>{@code
 * try (var exporter = new TextExporter(); var prometheus = PrometheusServer.builder(dir).scrape(exporter.target()).start()) {
 *     ... prometheus.url() ...
 * }
 * }</pre>
 *
 * {@link #close()} stops the server (SIGTERM, then SIGKILL after 10 s) and waits for its process: nothing is left
 * behind, also when the JVM exits without closing it.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path directory;
    private final Thread reaper;

    private PrometheusServer(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
        this.reaper = new Thread(this::stop, "prometheus-stop");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** A server whose configuration, data and log live in {@code directory} (emptied first). */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:43121}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's log (stdout and stderr), for a failing test's message. */
    public String log() {
        try {
            return Files.readString(directory.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs (or ran) anyway
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** What the server scrapes and holds before it starts. */
    public static final class Builder {
        private final Path directory;
        private final List<String> targets = new ArrayList<>();
        private Duration scrapeInterval = Duration.ofSeconds(1);
        private Duration retention = Duration.ofDays(15);
        private String history;

        private Builder(Path directory) {
            this.directory = directory.toAbsolutePath();
        }

        /** Scrapes {@code hostPort} (e.g. {@code 127.0.0.1:40123}) at path {@code /metrics}, as job {@code test}. */
        public Builder scrape(String hostPort) {
            targets.add(hostPort);
            return this;
        }

        /** Scrape (and rule evaluation) interval; 1 s unless set. */
        public Builder scrapeInterval(Duration interval) {
            this.scrapeInterval = interval;
            return this;
        }

        /** How long the server keeps samples ({@code --storage.tsdb.retention.time}); 15 days unless set. */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /**
         * Samples the server holds from its start: an OpenMetrics text (ending in {@code # EOF}) that {@code promtool
         * tsdb create-blocks-from openmetrics} turns into blocks of its data directory. Samples older than the
         * retention are dropped by the server.
         */
        public Builder history(String openMetrics) {
            this.history = openMetrics;
            return this;
        }

        /** Starts the server and waits until it answers {@code /-/ready}. */
        public PrometheusServer start() {
            try {
                prepare();
                int port = freePort();
                Process process = new ProcessBuilder(
                                binary("prometheus"),
                                "--config.file=" + directory.resolve("prometheus.yml"),
                                "--storage.tsdb.path=" + directory.resolve("data"),
                                "--storage.tsdb.retention.time=" + retention.toSeconds() + "s",
                                "--web.listen-address=127.0.0.1:" + port,
                                "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("prometheus.log").toFile())
                        .start();
                PrometheusServer server = new PrometheusServer(process, port, directory);
                try {
                    server.awaitReady();
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
                return server;
            } catch (IOException e) {
                throw new IllegalStateException("could not start prometheus in " + directory, e);
            }
        }

        private void prepare() throws IOException {
            deleteRecursively(directory);
            Files.createDirectories(directory.resolve("data"));
            StringBuilder config = new StringBuilder()
                    .append("global:\n")
                    .append("  scrape_interval: ")
                    .append(scrapeInterval.toMillis())
                    .append("ms\n")
                    .append("  evaluation_interval: ")
                    .append(scrapeInterval.toMillis())
                    .append("ms\n")
                    .append("scrape_configs:\n")
                    .append("  - job_name: test\n")
                    .append("    scrape_timeout: ")
                    .append(scrapeInterval.toMillis())
                    .append("ms\n")
                    .append("    static_configs:\n")
                    .append("      - targets: [");
            config.append(
                    String.join(", ", targets.stream().map(t -> "'" + t + "'").toList()));
            config.append("]\n");
            Files.writeString(directory.resolve("prometheus.yml"), config.toString());
            if (history != null) {
                Path input = directory.resolve("history.om.txt");
                Files.writeString(input, history);
                run(
                        binary("promtool"),
                        "tsdb",
                        "create-blocks-from",
                        "openmetrics",
                        "--quiet",
                        input.toString(),
                        directory.resolve("data").toString());
            }
        }

        private void run(String... command) throws IOException {
            Path log = directory.resolve("promtool.log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("promtool took longer than 120 s: " + Files.readString(log));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running promtool", e);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "promtool failed (exit " + process.exitValue() + "): " + Files.readString(log));
            }
        }
    }

    private void awaitReady() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "prometheus exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for prometheus", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("prometheus was not ready within " + READY_TIMEOUT + ":\n" + log());
    }

    /** The binary's path: from {@code PATH}, else Debian's {@code /usr/bin}. */
    private static String binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        Path debian = Path.of("/usr/bin", name);
        if (Files.isExecutable(debian)) {
            return debian.toString();
        }
        throw new IllegalStateException(name + " is not installed: the build installs Debian's prometheus package"
                + " (services/testing/install-prometheus.sh); run it by hand, or apt-get install prometheus");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
