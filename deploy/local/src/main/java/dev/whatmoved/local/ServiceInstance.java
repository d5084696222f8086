package dev.whatmoved.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One instance of a service started by {@link Platform#startInstance}: several may run side by side (same database,
 * same consumer groups). It can be killed the hard way, as a crashing machine would end it.
 */
public final class ServiceInstance {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final String name;
    private final ServiceProcess process;
    private final Duration startTimeout;

    ServiceInstance(String name, ServiceProcess process, Duration startTimeout) {
        this.name = name;
        this.process = process;
        this.startTimeout = startTimeout;
    }

    /** The instance's name (its log file is {@code <name>.log}). */
    public String name() {
        return name;
    }

    public URI baseUrl() {
        return process.baseUrl();
    }

    public long pid() {
        return process.process().pid();
    }

    public boolean isAlive() {
        return process.process().isAlive();
    }

    public Path logFile() {
        return process.process().logFile();
    }

    /**
     * Waits until {@code /q/health/ready} answers 200.
     *
     * @return how long the instance took from its start
     * @throws LauncherException if it exits or is not ready within the platform's start timeout
     */
    public Duration awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            while (!process.probeReady()) {
                if (System.nanoTime() > deadline) {
                    throw process.notReadyWithin(startTimeout);
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for " + name, e);
        }
        return process.sinceStart();
    }

    /**
     * SIGKILL ({@code kill -9}): no shutdown hook runs, nothing in flight is finished or rolled back by the process
     * itself. Returns once the process is gone.
     */
    public void kill() {
        Process p = process.process().process();
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then a kill after {@code grace}. */
    public void stop(Duration grace) {
        process.process().requestStop();
        process.process().awaitStop(grace);
    }
}
