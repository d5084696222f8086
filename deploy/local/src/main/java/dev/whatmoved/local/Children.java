package dev.whatmoved.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every process one platform started. A stop can arrive (Ctrl-C) while another thread is still
 * starting things: once closed, a process started late is stopped at once instead of outliving
 * the launcher.
 */
final class Children {

    private final List<ChildProcess> started = new ArrayList<>();
    private boolean closed;

    ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path logFile) {
        ChildProcess child = ChildProcess.start(name, command, env, workDir, logFile);
        synchronized (this) {
            if (!closed) {
                started.add(child);
                return child;
            }
        }
        child.requestStop();
        child.awaitStop(Duration.ofSeconds(5));
        throw new LauncherException("stopping: " + name + " not started", LauncherException.STARTUP_FAILED);
    }

    /** For a short-lived helper (the storage formatter) that has exited and is no longer ours to stop. */
    synchronized void forget(ChildProcess child) {
        started.remove(child);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized List<ChildProcess> all() {
        return List.copyOf(started);
    }

    /**
     * Tells the user when a process dies after startup, rather than leaving them to find out by a failing call; not
     * when a {@link Supervisor} watches (it says so itself, and restarts it).
     */
    void reportUnexpectedExits(PrintStream out, java.util.function.BooleanSupplier supervised) {
        for (ChildProcess child : all()) {
            child.process().onExit().thenRun(() -> {
                if (!isClosed() && !supervised.getAsBoolean()) {
                    out.println("whatmoved: " + child.name() + " exited with code " + child.exitValue() + "; see "
                            + child.logFile());
                }
            });
        }
    }

    /** Marks the set closed and kills whatever the ordered stop left running. */
    void closeAndSweep() {
        List<ChildProcess> left;
        synchronized (this) {
            closed = true;
            left = List.copyOf(started);
        }
        for (ChildProcess child : left) {
            if (child.isAlive()) {
                child.requestStop();
                child.awaitStop(Duration.ofSeconds(5));
            }
        }
    }

    /** Marks the set closed so that nothing started from now on survives; stops nothing yet. */
    synchronized void markClosed() {
        closed = true;
    }
}
