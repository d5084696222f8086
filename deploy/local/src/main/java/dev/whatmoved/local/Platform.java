package dev.whatmoved.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The whole local platform: PostgreSQL, Kafka and the services, started in that order and stopped
 * in reverse. Used by {@code ./whatmoved up} and by tests:
 *
 * <pre>{@code
 * try (Platform platform = Platform.start(config)) {
 *     URI features = platform.serviceUrl("features");
 * }
 * }</pre>
 *
 * Its parts: {@link Infrastructure} (PostgreSQL and Kafka), {@link ServiceProcesses} (the services, awaited by {@link
 * ServiceReadiness}), {@link ServiceEnv} (what each service is started with) and, once everything is up, the {@link
 * Supervisor}. Its lock is theirs: a {@link #close()} from another thread waits until a process being started is
 * known, and a start after it fails.
 */
public final class Platform implements AutoCloseable {

    private final PlatformConfig config;
    private final SigningKeys signingKeys;
    private final PrintStream out;
    private final Children children = new Children();
    private final Map<String, Duration> startTimes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Long> pids = Collections.synchronizedList(new ArrayList<>());
    private final Infrastructure infrastructure;
    private final ServiceEnv serviceEnv;
    private final ServiceProcesses services;
    private boolean closed;
    private volatile Supervisor supervisor;

    /** @param out where progress is reported */
    public Platform(PlatformConfig config, PrintStream out) {
        this.config = config;
        this.signingKeys = new SigningKeys(config.dataDir());
        this.out = out;
        this.infrastructure = new Infrastructure(config, out, children, startTimes, pids, this);
        this.serviceEnv = new ServiceEnv(config, signingKeys, infrastructure);
        this.services = new ServiceProcesses(config, serviceEnv, out, children, startTimes, pids, this);
    }

    /** Starts everything the configuration asks for; on failure stops what was started and rethrows. */
    public static Platform start(PlatformConfig config) {
        return start(config, System.out);
    }

    public static Platform start(PlatformConfig config, PrintStream out) {
        Platform platform = new Platform(config, out);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Checks the ports, then starts PostgreSQL, Kafka and the services. May be interrupted at any
     * point by {@link #close()} from another thread (the shutdown hook).
     */
    public void startAll() {
        // Before starting anything: a missing jar or a taken port fails fast, saying what to do.
        services.requireJars();
        PortCheck.requireFree(config.portClaims());
        try {
            Files.createDirectories(config.logsDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("whatmoved: data in " + config.dataDir());
        signingKeys.ensure();
        infrastructure.startPostgres();
        infrastructure.startKafka();
        services.startAll();
        children.reportUnexpectedExits(out, () -> supervisor != null);
    }

    /**
     * Starts one more instance of a service on its own port, with the same database and Kafka (so in the same consumer
     * groups) plus {@code extraEnv}, without waiting for it ({@link ServiceInstance#awaitReady()}). For scale-out runs
     * (deploy/bench/run-scale.sh); {@code instance} names its log file, {@code <instance>.log}, appended to on a
     * restart. Stopped by {@link #close()} like the others.
     */
    public ServiceInstance startInstance(String service, String instance, int port, Map<String, String> extraEnv) {
        return startInstance(service, instance, port, extraEnv, null);
    }

    /**
     * {@link #startInstance(String, String, int, Map)} from another build of the service: {@code jar} is its
     * {@code quarkus-run.jar} (null: the repository's). Benchmarks compare a change with the version before it this way.
     */
    public ServiceInstance startInstance(
            String service, String instance, int port, Map<String, String> extraEnv, Path jar) {
        return services.startInstance(service, instance, port, extraEnv, jar);
    }

    /**
     * Watches every part started here and restarts one that dies ({@link Supervisor}); {@code ./whatmoved up} calls it
     * once everything is ready. External PostgreSQL or Kafka are not ours to restart.
     */
    public synchronized void supervise() {
        requireNotClosed();
        List<Supervised> parts = new ArrayList<>(infrastructure.supervised());
        parts.addAll(services.supervised());
        supervisor = new Supervisor(
                parts,
                new RestartRequests(config.dataDir()),
                out,
                config.logsDir().resolve("supervisor.log"),
                duration -> Thread.sleep(duration.toMillis()));
        supervisor.start();
    }

    /** Gives the service these environment variables when it starts (call before {@link #startAll()}). */
    public void addServiceEnv(String service, Map<String, String> env) {
        serviceEnv.add(service, env);
    }

    /**
     * Stops the services (SIGTERM, then a kill after 15 s), then Kafka (20 s), then PostgreSQL.
     * Safe to call more than once and from a shutdown hook while {@link #startAll()} is running.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (supervisor != null) {
            supervisor.close(); // first: a part stopped from here on is not a crash
        }
        // From here on anything still being started is stopped at once.
        children.markClosed();
        services.stopAll();
        infrastructure.stopKafka();
        children.closeAndSweep();
        infrastructure.stopPostgres();
    }

    public PlatformConfig config() {
        return config;
    }

    /** Base URL of each started service, by name (features, metrics, attribution). */
    public Map<String, URI> serviceUrls() {
        return services.urls();
    }

    public URI serviceUrl(String name) {
        URI url = serviceUrls().get(name);
        if (url == null) {
            throw new IllegalArgumentException(
                    "no service " + name + " in " + serviceUrls().keySet());
        }
        return url;
    }

    public Path serviceLog(String name) {
        return config.logsDir().resolve(name + ".log");
    }

    public String kafkaBootstrap() {
        return infrastructure.kafkaBootstrap();
    }

    public String pgHost() {
        return infrastructure.pgHost();
    }

    public int pgPort() {
        return infrastructure.pgPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + database;
    }

    /** Mints a token the services accept, as {@code ./whatmoved token} does. */
    public String token(String subject, String... scopes) {
        return TokenCommand.mint(
                signingKeys.ensure(),
                new TokenCommand.Request(
                        List.of(scopes),
                        subject,
                        Duration.ofHours(1),
                        UUID.randomUUID().toString()),
                Instant.now());
    }

    /** How long each part took to become ready, in start order. */
    public Map<String, Duration> startTimes() {
        synchronized (startTimes) {
            return new LinkedHashMap<>(startTimes);
        }
    }

    /** Pids of the processes the platform started (postmaster, broker, services): none is alive after close. */
    public List<Long> childPids() {
        synchronized (pids) {
            return List.copyOf(pids);
        }
    }

    /**
     * The running process of one part ({@code postgres}, {@code kafka} or a service's name, as the supervisor names
     * them), the first of its instances started; empty when it is not running or not the platform's (an external server). For tests
     * that kill a part and watch the supervisor bring it back.
     */
    public Optional<ProcessHandle> process(String part) {
        Optional<Long> pid =
                switch (part) {
                    case "postgres" -> infrastructure.postgresPid();
                    case "kafka" -> infrastructure.kafkaPid();
                    default -> services.pid(part);
                };
        return pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    /** Fails once {@link #close()} has begun: nothing more is started. */
    synchronized void requireNotClosed() {
        if (closed) {
            throw new LauncherException("stopping", LauncherException.STARTUP_FAILED);
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    static Duration since(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
