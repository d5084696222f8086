package dev.whatmoved.metrics;

import dev.whatmoved.testing.EmbeddedPlatform;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged metrics service ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own on the embedded
 * platform, configured by environment variables as in production: to kill it for real and to measure it alone.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final String url;
    private long peakRssKb;

    private ServiceProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts the service and waits until it is ready.
     *
     * @param database the service's database on the platform
     * @param publicKey PEM file of the key tokens are signed with
     * @param log where the service's output goes
     * @param jvmOptions options of the service's JVM (may be empty)
     */
    public static ServiceProcess start(
            Path jar, EmbeddedPlatform platform, String database, Path publicKey, Path log, List<String> jvmOptions)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("WHATMOVED_DB_HOST", "localhost");
        env.put("WHATMOVED_DB_PORT", String.valueOf(platform.postgresPort()));
        env.put("WHATMOVED_DB_NAME", platform.database(database));
        env.put("WHATMOVED_DB_USER", "postgres");
        env.put("WHATMOVED_DB_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", platform.kafkaBootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toAbsolutePath().toString());
        ServiceProcess service = new ServiceProcess(builder.start(), "http://127.0.0.1:" + port);
        Process process = service.process;
        // whatever way this JVM ends (a failed benchmark calls System.exit), the service does not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.process.isAlive()) {
                throw new IllegalStateException("the service exited; see " + log);
            }
            try {
                var response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.url + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return service;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        service.process.destroyForcibly().waitFor();
        throw new IllegalStateException("the service did not become ready; see " + log);
    }

    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** Reads the process's peak resident set size (VmHWM) so far. */
    public void sampleRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException ended) {
            // the process is gone
        }
    }

    public long peakRssKb() {
        sampleRss();
        return peakRssKb;
    }

    /** SIGKILL: no shutdown hook, no last transaction, no goodbye to the broker. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL if it does not stop within 30 s. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
