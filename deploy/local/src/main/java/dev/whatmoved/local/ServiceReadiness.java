package dev.whatmoved.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wait for started services to answer their readiness probe: each reported (and its start time kept) as it becomes
 * ready; fails with the first still pending at the start timeout, or as soon as the platform is being stopped.
 */
final class ServiceReadiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final Duration timeout;
    private final Map<String, Duration> startTimes;
    private final PrintStream out;
    private final Platform owner;

    ServiceReadiness(Duration timeout, Map<String, Duration> startTimes, PrintStream out, Platform owner) {
        this.timeout = timeout;
        this.startTimes = startTimes;
        this.out = out;
        this.owner = owner;
    }

    void await(Collection<ServiceProcess> services) {
        Set<ServiceProcess> pending = new LinkedHashSet<>(services);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!pending.isEmpty()) {
                owner.requireNotClosed();
                for (ServiceProcess service : List.copyOf(pending)) {
                    if (service.probeReady()) {
                        Duration took = service.sinceStart();
                        startTimes.put(service.name(), took);
                        out.println("  " + Platform.pad(service.name(), 12) + "ready on " + service.baseUrl() + " in "
                                + Platform.seconds(took));
                        pending.remove(service);
                    }
                }
                if (!pending.isEmpty() && System.nanoTime() > deadline) {
                    throw pending.iterator().next().notReadyWithin(timeout);
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for the services", e);
        }
    }
}
