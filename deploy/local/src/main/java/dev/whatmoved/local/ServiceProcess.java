package dev.whatmoved.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Quarkus service run from its packaged {@code quarkus-run.jar} as a child JVM. */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final PlatformConfig.ServiceSpec spec;
    private final Path jar;
    private final Map<String, String> env;
    private final Path logFile;
    private final Children children;
    private final List<String> javaOptions;
    private ChildProcess process;
    private long startedAt;

    /**
     * @param env how the service finds its database and Kafka (the variables its
     *     application.properties reads)
     */
    ServiceProcess(
            PlatformConfig.ServiceSpec spec,
            Path jar,
            Map<String, String> env,
            Path logFile,
            Children children,
            List<String> javaOptions) {
        this.javaOptions = List.copyOf(javaOptions);
        this.spec = spec;
        this.jar = jar;
        this.env = env;
        this.logFile = logFile;
        this.children = children;
    }

    String name() {
        return spec.name();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + spec.port());
    }

    void start(Path workDir) {
        startedAt = System.nanoTime();
        process = children.start(spec.name(), command(), env, workDir, logFile);
    }

    /** {@code java [options] -jar quarkus-run.jar}. */
    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaBinary());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /**
     * One readiness probe.
     *
     * @return true once {@code /q/health/ready} answers 200
     * @throws LauncherException if the process has exited
     */
    boolean probeReady() throws InterruptedException {
        if (!process.isAlive()) {
            throw new LauncherException(
                    spec.name() + " exited with code " + process.exitValue() + " before it was ready; last lines of "
                            + logFile + ":" + System.lineSeparator() + process.tail(30),
                    LauncherException.STARTUP_FAILED);
        }
        HttpRequest request = HttpRequest.newBuilder(baseUrl().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    LauncherException notReadyWithin(Duration timeout) {
        return new LauncherException(
                spec.name() + " was not ready within " + timeout.toSeconds() + " s (set "
                        + Setting.START_TIMEOUT.howToSet() + " to wait longer); last lines of " + logFile + ":"
                        + System.lineSeparator() + process.tail(30),
                LauncherException.STARTUP_FAILED);
    }

    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    ChildProcess process() {
        return process;
    }
}
