package dev.whatmoved.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's service processes: the configured services, started together from their packaged jars and awaited;
 * further instances started on their own ports ({@link Platform#startInstance}); all stopped together.
 */
final class ServiceProcesses {

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(15);

    private final PlatformConfig config;
    private final ServiceEnv env;
    private final PrintStream out;
    private final Children children;
    private final Map<String, Duration> startTimes;
    private final List<Long> pids;
    /** Whose lock a start holds while a process is being made, and which says whether it is closing. */
    private final Platform owner;

    private final List<ServiceProcess> services = Collections.synchronizedList(new ArrayList<>());

    ServiceProcesses(
            PlatformConfig config,
            ServiceEnv env,
            PrintStream out,
            Children children,
            Map<String, Duration> startTimes,
            List<Long> pids,
            Platform owner) {
        this.config = config;
        this.env = env;
        this.out = out;
        this.children = children;
        this.startTimes = startTimes;
        this.pids = pids;
        this.owner = owner;
    }

    /** Fails, saying what to do, when a configured service has not been built. */
    void requireJars() {
        for (PlatformConfig.ServiceSpec spec : config.services()) {
            if (!Files.isRegularFile(jar(spec))) {
                throw new LauncherException(jar(spec) + " is missing; run ./whatmoved build", LauncherException.USAGE);
            }
        }
    }

    /** Starts the configured services and waits until each is ready. */
    void startAll() {
        if (config.services().isEmpty()) {
            return;
        }
        for (PlatformConfig.ServiceSpec spec : config.services()) {
            Path logFile = config.logsDir().resolve(spec.name() + ".log");
            ChildProcess.rotate(logFile);
            ServiceProcess service =
                    new ServiceProcess(spec, jar(spec), env.of(spec), logFile, children, config.serviceJavaOptions());
            // All three start together: on two cores they overlap their JIT warm-up and Flyway runs.
            service.start(config.dataDir());
            services.add(service);
            pids.add(service.process().pid());
        }
        out.println("  services    starting " + String.join(", ", names(services)) + " ...");
        new ServiceReadiness(config.startTimeout(), startTimes, out, owner).await(services);
    }

    /** See {@link Platform#startInstance(String, String, int, Map, Path)}. */
    ServiceInstance startInstance(String service, String instance, int port, Map<String, String> extraEnv, Path jar) {
        PlatformConfig.ServiceSpec spec = new PlatformConfig.ServiceSpec(service, port, null);
        Path run = jar != null ? jar : jar(spec);
        if (!Files.isRegularFile(run)) {
            throw new LauncherException(run + " is missing; run ./whatmoved build", LauncherException.USAGE);
        }
        Map<String, String> instanceEnv = env.of(spec);
        instanceEnv.putAll(extraEnv);
        Path logFile = config.logsDir().resolve(instance + ".log");
        ServiceProcess process =
                new ServiceProcess(spec, run, instanceEnv, logFile, children, config.serviceJavaOptions());
        synchronized (owner) {
            owner.requireNotClosed();
            process.start(config.dataDir());
            services.add(process);
            pids.add(process.process().pid());
        }
        return new ServiceInstance(instance, process, config.startTimeout());
    }

    /** Stops every service process (SIGTERM to all at once, then a kill after 15 s), saying how long it took. */
    void stopAll() {
        List<ServiceProcess> running = List.copyOf(services);
        if (!running.isEmpty()) {
            long begin = System.nanoTime();
            // Ask all at once, then wait: a slow one does not delay the others' shutdown.
            running.forEach(service -> service.process().requestStop());
            running.forEach(service -> service.process().awaitStop(SERVICE_STOP_GRACE));
            out.println("whatmoved: stopped " + String.join(", ", names(running)) + " in "
                    + Platform.seconds(Platform.since(begin)));
        }
    }

    /** Every service process started, as the {@link Supervisor} watches them. */
    List<Supervised> supervised() {
        List<Supervised> parts = new ArrayList<>();
        for (ServiceProcess service : List.copyOf(services)) {
            parts.add(SupervisedParts.service(service, config.dataDir(), config.startTimeout(), pids));
        }
        return parts;
    }

    /** Base URL of each started service, by name. */
    Map<String, URI> urls() {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (ServiceProcess service : List.copyOf(services)) {
            urls.put(service.name(), service.baseUrl());
        }
        return urls;
    }

    /** The pid of the first service process started under {@code name}, if it has a process. */
    Optional<Long> pid(String name) {
        return List.copyOf(services).stream()
                .filter(service -> service.name().equals(name) && service.process() != null)
                .map(service -> service.process().pid())
                .findFirst();
    }

    private Path jar(PlatformConfig.ServiceSpec spec) {
        return config.home().resolve("services").resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static List<String> names(List<ServiceProcess> services) {
        return services.stream().map(ServiceProcess::name).toList();
    }
}
