package dev.whatmoved.local.scale;

import dev.whatmoved.local.Platform;
import dev.whatmoved.local.ServiceInstance;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The scale-out proof's service instances (features, metrics-1 and -2, attribution-1 and -2): each started on its own
 * port with the run's settings, awaited, killed and started again; and the metrics consumer group they form.
 */
final class ScaleInstances {

    static final String METRICS_GROUP = "whatmoved-metrics.metric-points";
    static final String ATTRIBUTION_ROLLUPS_GROUP = "whatmoved-attribution.metric-rollups";

    private final Platform platform;
    private final ScaleProof.Settings settings;
    private final Map<String, Integer> ports;
    private final Broker broker;
    private final ScaleLog log;

    /** @param ports each instance's HTTP port, by instance name */
    ScaleInstances(
            Platform platform, ScaleProof.Settings settings, Map<String, Integer> ports, Broker broker, ScaleLog log) {
        this.platform = platform;
        this.settings = settings;
        this.ports = ports;
        this.broker = broker;
        this.log = log;
    }

    /** Starts {@code instance} ({@code metrics-2} is an instance of metrics), without waiting for it. */
    ServiceInstance start(String instance) {
        String service = instance.replaceAll("-\\d+$", "");
        Map<String, String> env = new HashMap<>();
        if (service.equals("metrics")) {
            env.put("WHATMOVED_METRICS_ANNOUNCE_INTERVAL", settings.announceInterval());
            // one group member per instance (the default is one per core): the proof compares instances
            env.put("WHATMOVED_METRICS_KAFKA_CONSUMERS", "1");
        }
        if (service.equals("attribution")) {
            env.put("WHATMOVED_OUTCOMES_JOB_EVERY", settings.jobEvery());
        }
        if (settings.sessionTimeout() != null && !service.equals("features")) {
            // system properties, so they join the kafka.* settings every consumer of the service takes
            long ms = settings.sessionTimeout().toMillis();
            // the metrics point consumer has its own setting (10 s by default), which wins over kafka.*
            env.put("WHATMOVED_METRICS_KAFKA_SESSION_TIMEOUT", ms + "ms");
            env.put(
                    "JAVA_TOOL_OPTIONS",
                    "-Dkafka.session.timeout.ms=" + ms + " -Dkafka.heartbeat.interval.ms=" + Math.max(500, ms / 3));
        }
        return platform.startInstance(service, instance, ports.get(instance), env);
    }

    void awaitReady(ServiceInstance instance) {
        Duration took = instance.awaitReady();
        log.log(
                "%s ready on %s in %.1f s (pid %d)",
                instance.name(), instance.baseUrl(), took.toMillis() / 1000.0, instance.pid());
    }

    /** SIGKILL, recorded as an event. */
    void kill(ServiceInstance instance) {
        long pid = instance.pid();
        instance.kill();
        log.event("kill -9 %s (pid %d)", instance.name(), pid);
    }

    /** Starts {@code instance} again, recorded as an event; the future completes once it is ready. */
    CompletableFuture<Void> restart(String instance) {
        ServiceInstance again = start(instance);
        log.event("restarted %s (pid %d)", instance, again.pid());
        return CompletableFuture.runAsync(() -> awaitReady(again));
    }

    /** Until the metrics consumer group has {@code members} members, each holding partitions (2 minutes at most). */
    void awaitGroupMembers(int members) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            List<Integer> sizes = broker.assignments(METRICS_GROUP);
            if (sizes.size() == members && sizes.stream().allMatch(size -> size > 0)) {
                log.log("metrics consumer group: %d members holding %s partitions", members, sizes);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the metrics group did not reach " + members + " members: " + sizes);
            }
            BenchRuns.sleep(Duration.ofMillis(200));
        }
    }
}
