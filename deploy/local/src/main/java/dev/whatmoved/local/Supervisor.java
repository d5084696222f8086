package dev.whatmoved.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Watches the parts of a running platform once a second and brings back the one that died: a crashed service, the
 * broker or PostgreSQL is started again after a backoff (1, 2, 4, 8 s ...), said in the terminal and in
 * {@code logs/supervisor.log}; after {@link #MAX_CRASHES} crashes of one part within {@link #CRASH_WINDOW} it gives up
 * on that part, loudly, and leaves the others running. {@code ./whatmoved restart <part>} asks it, through a file in
 * {@code <data dir>/control}, to restart a part by hand (a graceful stop, then the same start as the launcher's).
 *
 * <p>Each restart (its backoff, the start and the wait until the part is ready, which can take minutes on a busy
 * machine) runs on a thread of its own: the watch goes on meanwhile, so a second part that dies while the first one
 * is starting is noticed within a second, not after the first one is ready. A part being restarted is not checked.
 */
final class Supervisor implements AutoCloseable {

    static final int MAX_CRASHES = 5;
    static final Duration CRASH_WINDOW = Duration.ofMinutes(10);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Map<String, Supervised> parts = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> crashes = new ConcurrentHashMap<>();
    private final Set<String> givenUp = ConcurrentHashMap.newKeySet();
    private final Set<String> restarting = ConcurrentHashMap.newKeySet();
    private final Executor restarts;
    private final RestartRequests requests;
    private final PrintStream out;
    private final Path log;
    private final Sleeper sleeper;
    private volatile boolean closed;
    private Thread thread;

    /** How the supervisor waits (the tests' does not). */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    Supervisor(List<Supervised> parts, RestartRequests requests, PrintStream out, Path log, Sleeper sleeper) {
        this(parts, requests, out, log, sleeper, Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "whatmoved-restart");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** @param restarts where each restart runs (the tests' runs it at once, on the caller's thread) */
    Supervisor(
            List<Supervised> parts,
            RestartRequests requests,
            PrintStream out,
            Path log,
            Sleeper sleeper,
            Executor restarts) {
        this.restarts = restarts;
        parts.forEach(part -> this.parts.put(part.name(), part));
        this.requests = requests;
        this.out = out;
        this.log = log;
        this.sleeper = sleeper;
    }

    /** Starts watching on a daemon thread. */
    void start() {
        thread = new Thread(this::watch, "whatmoved-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        say("supervising " + String.join(", ", parts.keySet()) + " (restart one by hand: ./whatmoved restart <part>)");
        while (!closed) {
            try {
                checkOnce(Instant.now());
                sleeper.sleep(CHECK_INTERVAL);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                say("supervisor: " + e.getMessage());
            }
        }
    }

    /** One round: restarts asked for by hand first, then every part that is not alive. */
    void checkOnce(Instant now) throws InterruptedException {
        for (Supervised part : parts.values()) {
            if (closed) {
                return;
            }
            if (restarting.contains(part.name())) {
                continue;
            }
            if (requests.take(part.name())) {
                inBackground(part, () -> restartByHand(part));
            } else if (!givenUp.contains(part.name()) && !part.isAlive()) {
                crashed(part, now);
            }
        }
        for (String unknown : requests.unknown(parts.keySet())) {
            requests.answer(unknown, "no part named " + unknown + "; parts: " + String.join(", ", parts.keySet()));
        }
    }

    /** Runs a part's restart on its own thread; the part is not checked until it ends. */
    private void inBackground(Supervised part, Restart restart) {
        restarting.add(part.name());
        restarts.execute(() -> {
            try {
                restart.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                say("supervisor: restarting " + part.name() + " failed: " + e.getMessage());
            } finally {
                restarting.remove(part.name());
            }
        });
    }

    private interface Restart {
        void run() throws InterruptedException;
    }

    private void restartByHand(Supervised part) {
        say("restarting " + part.name() + " (asked by ./whatmoved restart)");
        part.stop();
        givenUp.remove(part.name());
        crashes.remove(part.name());
        requests.answer(part.name(), startAgain(part));
    }

    private void crashed(Supervised part, Instant now) {
        Deque<Instant> recent = crashes.computeIfAbsent(part.name(), name -> new ArrayDeque<>());
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(CRASH_WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_CRASHES) {
            givenUp.add(part.name());
            say("GIVING UP on " + part.name() + ": it " + part.howItEnded() + ", its " + recent.size()
                    + "th crash within " + CRASH_WINDOW.toMinutes() + " minutes; the rest keeps running. See "
                    + part.logFile() + ", then ./whatmoved restart " + part.name());
            return;
        }
        Duration backoff = backoff(recent.size());
        say(part.name() + " " + part.howItEnded() + "; restarting it in " + backoff.toSeconds() + " s (crash "
                + recent.size() + ", giving up at " + MAX_CRASHES + " within " + CRASH_WINDOW.toMinutes()
                + " minutes; log: " + part.logFile() + ")");
        inBackground(part, () -> {
            sleeper.sleep(backoff);
            if (!closed) {
                startAgain(part);
            }
        });
    }

    private String startAgain(Supervised part) {
        try {
            Duration took = part.start();
            String back = part.name() + " is back, ready in " + seconds(took);
            say(back);
            return back;
        } catch (RuntimeException e) {
            String failed = part.name() + " did not come back: " + e.getMessage();
            say(failed);
            return failed;
        }
    }

    /** 1 s after the first crash, doubling with each crash in the window, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int crashesInWindow) {
        long seconds = 1L << Math.min(Math.max(crashesInWindow - 1, 0), 5);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    boolean gaveUpOn(String part) {
        return givenUp.contains(part);
    }

    private synchronized void say(String line) {
        out.println("whatmoved: " + line);
        if (log != null) {
            try {
                Files.writeString(
                        log,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line + System.lineSeparator(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                out.println("whatmoved: cannot write " + log + ": " + e.getMessage());
            }
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Stops watching (before the platform stops its parts, so that a stop is not taken for a crash). */
    @Override
    public void close() {
        closed = true;
        try {
            if (thread != null) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(5).toMillis());
            }
            // a restart under way ends (its wait for readiness is interrupted) before the platform stops its parts,
            // so that what it started is stopped with the rest
            if (restarts instanceof ExecutorService pool) {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
