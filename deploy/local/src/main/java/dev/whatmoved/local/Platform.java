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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 */
public final class Platform implements AutoCloseable {

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final PlatformConfig config;
    private final SigningKeys signingKeys;
    private final PrintStream out;
    private final Children children = new Children();
    private final Map<String, Duration> startTimes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<ServiceProcess> services = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> pids = Collections.synchronizedList(new ArrayList<>());
    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;
    private boolean closed;
    private volatile Supervisor supervisor;
    /** Variables given to one service on top of {@link #serviceEnv} (the demo's webhook secrets, announcement interval...). */
    private final Map<String, Map<String, String>> addedEnv = Collections.synchronizedMap(new LinkedHashMap<>());

    /** @param out where progress is reported */
    public Platform(PlatformConfig config, PrintStream out) {
        this.config = config;
        this.signingKeys = new SigningKeys(config.dataDir());
        this.out = out;
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
        requireServiceJars();
        PortCheck.requireFree(config.portClaims());
        try {
            Files.createDirectories(config.logsDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("whatmoved: data in " + config.dataDir());
        signingKeys.ensure();
        startPostgres();
        startKafka();
        startServices();
        children.reportUnexpectedExits(out, () -> supervisor != null);
    }

    private void startPostgres() {
        if (config.externalPg().isPresent()) {
            out.println("  PostgreSQL  external at " + config.externalPg().get());
            return;
        }
        Path logFile = config.logsDir().resolve("postgres.log");
        ChildProcess.rotate(logFile);
        long begin = System.nanoTime();
        // Under the lock: pg_ctl detaches the server, so a stop must wait until it is known and can be stopped.
        synchronized (this) {
            requireNotClosed();
            postgres = new EmbeddedPostgresServer(
                    config.dataDir().resolve("postgres"), config.dataDir().resolve("pg-bin"), logFile, config.pgPort());
            postgres.start(config.startTimeout());
            postgres.postmasterPid().ifPresent(pids::add);
        }
        postgres.ensureDatabases(config.dbUser(), config.dbPassword(), PlatformConfig.DATABASES);
        Duration took = since(begin);
        startTimes.put("PostgreSQL", took);
        out.println("  PostgreSQL  ready on 127.0.0.1:" + config.pgPort() + " in " + seconds(took));
    }

    private void startKafka() {
        if (config.externalKafka().isPresent()) {
            out.println("  Kafka       external at " + config.externalKafka().get());
            return;
        }
        Path logFile = config.logsDir().resolve("kafka.log");
        ChildProcess.rotate(logFile);
        long begin = System.nanoTime();
        synchronized (this) {
            requireNotClosed();
            kafka = new KafkaBroker(
                    config.dataDir().resolve("kafka"),
                    logFile,
                    config.kafkaPort(),
                    config.kafkaControllerPort(),
                    brokerClasspath(config.home()),
                    children);
        }
        kafka.start(config.startTimeout());
        pids.add(kafka.pid());
        Duration took = since(begin);
        startTimes.put("Kafka", took);
        kafka.createTopics();
        out.println("  Kafka       ready on " + kafka.bootstrap() + " in " + seconds(took) + " (topics in place after "
                + seconds(since(begin)) + ")");
    }

    private void startServices() {
        if (config.services().isEmpty()) {
            return;
        }
        for (PlatformConfig.ServiceSpec spec : config.services()) {
            Path logFile = config.logsDir().resolve(spec.name() + ".log");
            ChildProcess.rotate(logFile);
            ServiceProcess service = new ServiceProcess(
                    spec, jar(spec), serviceEnv(spec), logFile, children, config.serviceJavaOptions());
            // All three start together: on two cores they overlap their JIT warm-up and Flyway runs.
            service.start(config.dataDir());
            services.add(service);
            pids.add(service.process().pid());
        }
        out.println("  services    starting " + String.join(", ", names(services)) + " ...");
        awaitServices();
    }

    private void requireServiceJars() {
        for (PlatformConfig.ServiceSpec spec : config.services()) {
            if (!Files.isRegularFile(jar(spec))) {
                throw new LauncherException(jar(spec) + " is missing; run ./whatmoved build", LauncherException.USAGE);
            }
        }
    }

    private Path jar(PlatformConfig.ServiceSpec spec) {
        return config.home().resolve("services").resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private void awaitServices() {
        Set<ServiceProcess> pending = new LinkedHashSet<>(services);
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        try {
            while (!pending.isEmpty()) {
                requireNotClosed();
                for (ServiceProcess service : List.copyOf(pending)) {
                    if (service.probeReady()) {
                        Duration took = service.sinceStart();
                        startTimes.put(service.name(), took);
                        out.println("  " + pad(service.name(), 12) + "ready on " + service.baseUrl() + " in "
                                + seconds(took));
                        pending.remove(service);
                    }
                }
                if (!pending.isEmpty() && System.nanoTime() > deadline) {
                    throw pending.iterator().next().notReadyWithin(config.startTimeout());
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for the services", e);
        }
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
        PlatformConfig.ServiceSpec spec = new PlatformConfig.ServiceSpec(service, port, null);
        Path run = jar != null ? jar : jar(spec);
        if (!Files.isRegularFile(run)) {
            throw new LauncherException(run + " is missing; run ./whatmoved build", LauncherException.USAGE);
        }
        Map<String, String> env = serviceEnv(spec);
        env.putAll(extraEnv);
        Path logFile = config.logsDir().resolve(instance + ".log");
        ServiceProcess process = new ServiceProcess(spec, run, env, logFile, children, config.serviceJavaOptions());
        synchronized (this) {
            requireNotClosed();
            process.start(config.dataDir());
            services.add(process);
            pids.add(process.process().pid());
        }
        return new ServiceInstance(instance, process, config.startTimeout());
    }

    /** The variables the services' application.properties read to find their database and Kafka. */
    private Map<String, String> serviceEnv(PlatformConfig.ServiceSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(spec.port()));
        env.put("WHATMOVED_DB_HOST", pgHost());
        env.put("WHATMOVED_DB_PORT", Integer.toString(pgPort()));
        env.put("WHATMOVED_DB_USER", config.dbUser());
        env.put("WHATMOVED_DB_PASSWORD", config.dbPassword());
        env.put("WHATMOVED_DB_NAME", spec.database());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        // Tokens minted by ./whatmoved token are signed with the private half of this key pair.
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", signingKeys.publicKeyFile().toString());
        env.put("MP_JWT_VERIFY_ISSUER", SigningKeys.ISSUER);
        if (PlatformConfig.CONSOLE.equals(spec.name())) {
            env.putAll(consoleEnv());
        }
        if ("notify".equals(spec.name())) {
            env.putAll(notifyEnv());
        }
        if ("features".equals(spec.name())) {
            // the prediction review: features asks attribution with the caller's token (docs/architecture.md)
            env.put("WHATMOVED_REVIEW_ATTRIBUTION_URL", "http://127.0.0.1:" + config.attributionPort());
        }
        env.putAll(addedEnv.getOrDefault(spec.name(), Map.of()));
        return env;
    }

    /**
     * Where the notifications' links point (the console's pages), and where the digest reads the team's calibration
     * trend (attribution) with the read-scope token the weekly digest sends (minted at each start, subject {@code
     * notify}; a printed digest sends its caller's).
     */
    private Map<String, String> notifyEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WHATMOVED_NOTIFY_CONSOLE_URL", "http://localhost:" + config.consolePort());
        env.put("WHATMOVED_NOTIFY_CALIBRATION_ATTRIBUTION_URL", "http://127.0.0.1:" + config.attributionPort());
        env.put(
                "WHATMOVED_NOTIFY_CALIBRATION_TOKEN",
                TokenCommand.mint(
                        signingKeys.ensure(),
                        new TokenCommand.Request(
                                List.of("read"),
                                "notify",
                                Duration.ofDays(365),
                                UUID.randomUUID().toString()),
                        Instant.now()));
        return env;
    }

    /**
     * Where the console finds the services, and the read-scope token it calls them with (minted at each start; valid
     * for a year, subject {@code console}).
     */
    private Map<String, String> consoleEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WHATMOVED_FEATURES_URL", "http://127.0.0.1:" + config.featuresPort());
        env.put("WHATMOVED_METRICS_URL", "http://127.0.0.1:" + config.metricsPort());
        env.put("WHATMOVED_ATTRIBUTION_URL", "http://127.0.0.1:" + config.attributionPort());
        env.put(
                "WHATMOVED_CONSOLE_TOKEN",
                TokenCommand.mint(
                        signingKeys.ensure(),
                        new TokenCommand.Request(
                                List.of("read"),
                                "console",
                                Duration.ofDays(365),
                                UUID.randomUUID().toString()),
                        Instant.now()));
        return env;
    }

    /**
     * Watches every part started here and restarts one that dies ({@link Supervisor}); {@code ./whatmoved up} calls it
     * once everything is ready. External PostgreSQL or Kafka are not ours to restart.
     */
    public synchronized void supervise() {
        requireNotClosed();
        List<Supervised> parts = new ArrayList<>();
        Duration timeout = config.startTimeout();
        if (postgres != null) {
            parts.add(SupervisedParts.postgres(postgres, config.logsDir().resolve("postgres.log"), timeout, pids));
        }
        if (kafka != null) {
            parts.add(SupervisedParts.kafka(kafka, config.logsDir().resolve("kafka.log"), timeout, pids));
        }
        for (ServiceProcess service : List.copyOf(services)) {
            parts.add(SupervisedParts.service(service, config.dataDir(), timeout, pids));
        }
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
        addedEnv.computeIfAbsent(service, name -> new LinkedHashMap<>()).putAll(env);
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
        List<ServiceProcess> running = List.copyOf(services);
        if (!running.isEmpty()) {
            long begin = System.nanoTime();
            // Ask all at once, then wait: a slow one does not delay the others' shutdown.
            running.forEach(service -> service.process().requestStop());
            running.forEach(service -> service.process().awaitStop(SERVICE_STOP_GRACE));
            out.println("whatmoved: stopped " + String.join(", ", names(running)) + " in " + seconds(since(begin)));
        }
        if (kafka != null) {
            long begin = System.nanoTime();
            kafka.close();
            out.println("whatmoved: stopped Kafka in " + seconds(since(begin)));
        }
        children.closeAndSweep();
        if (postgres != null) {
            long begin = System.nanoTime();
            postgres.close();
            out.println("whatmoved: stopped PostgreSQL in " + seconds(since(begin)));
        }
    }

    public PlatformConfig config() {
        return config;
    }

    /** Base URL of each started service, by name (features, metrics, attribution). */
    public Map<String, URI> serviceUrls() {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (ServiceProcess service : List.copyOf(services)) {
            urls.put(service.name(), service.baseUrl());
        }
        return urls;
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
        return config.externalKafka().map(HostPort::toString).orElse("127.0.0.1:" + config.kafkaPort());
    }

    public String pgHost() {
        return config.externalPg().map(HostPort::host).orElse("127.0.0.1");
    }

    public int pgPort() {
        return config.externalPg().map(HostPort::port).orElse(config.pgPort());
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + database;
    }

    /** How long each part took to become ready, in start order. */
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
     * them), the one started last; empty when it is not running or not the platform's (an external server). For tests
     * that kill a part and watch the supervisor bring it back.
     */
    public Optional<ProcessHandle> process(String part) {
        Optional<Long> pid =
                switch (part) {
                    case "postgres" -> postgres == null ? Optional.empty() : postgres.postmasterPid();
                    case "kafka" -> kafka == null ? Optional.empty() : Optional.ofNullable(kafka.pid());
                    default ->
                        List.copyOf(services).stream()
                                .filter(service -> service.name().equals(part) && service.process() != null)
                                .map(service -> service.process().pid())
                                .findFirst();
                };
        return pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    private synchronized void requireNotClosed() {
        if (closed) {
            throw new LauncherException("stopping", LauncherException.STARTUP_FAILED);
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Kafka and a log4j binding: the launcher's copied dependencies when packaged, otherwise (a run
     * from an IDE) the launcher's own classpath.
     */
    static String brokerClasspath(Path home) {
        Path lib = home.resolve("deploy/local/target/lib");
        if (Files.isDirectory(lib)) {
            return lib + "/*";
        }
        return System.getProperty("java.class.path");
    }

    private static List<String> names(List<ServiceProcess> services) {
        return services.stream().map(ServiceProcess::name).toList();
    }

    private static Duration since(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
