package dev.whatmoved.attribution.service;

import dev.whatmoved.kit.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs ad-hoc analyses on a worker pool of their own, never more at once than {@code concurrent} in all and {@code
 * per-caller} for one caller (one more waits up to {@code queue-wait} for a slot, then is refused: work is not queued),
 * each for at most {@code timeout}: then its thread
 * is interrupted, the model stops at its next check, and the caller is answered 503. A slot is given back when the
 * computation has really stopped, not when its caller stopped waiting, so the limits count busy CPUs.
 *
 * <p>{@code whatmoved_analyses_running} shows how many run; {@code whatmoved_analyses_refused_total{reason}} counts
 * the refusals ({@code too-large}, {@code caller-limit}, {@code busy}, {@code timeout}).
 */
@Startup // its metrics are there (at 0) from the start
@ApplicationScoped
public class AnalysisPool {

    private final AnalysesConfig config;
    private final ExecutorService workers;
    private final Map<String, Integer> runningPerCaller = new HashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final Map<String, Counter> refused = new HashMap<>();

    public AnalysisPool(AnalysesConfig config, MeterRegistry registry) {
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.concurrent()), work -> {
            Thread thread = new Thread(work, "whatmoved-analysis-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        registry.gauge("whatmoved.analyses.running", running);
        for (String reason : List.of("too-large", "caller-limit", "busy", "timeout")) {
            refused.put(reason, registry.counter("whatmoved.analyses.refused", "reason", reason));
        }
    }

    /** Counts a request refused before it got here (over the work budget). */
    void refusedTooLarge() {
        refused.get("too-large").increment();
    }

    /**
     * Runs {@code work} for {@code caller} and returns its result; a {@link RuntimeException} it throws is thrown
     * here.
     *
     * @throws AnalysisRefusedException when the caller, or everyone, has as many analyses running as allowed
     * @throws ProblemException 503 when the analysis did not finish in time (it is stopped)
     */
    public <T> T run(String caller, Callable<T> work) {
        admit(caller);
        Task<T> task = new Task<>(caller, work);
        Future<T> future;
        try {
            future = workers.submit(task);
        } catch (RuntimeException e) {
            task.releaseUnlessStarted();
            throw e;
        }
        try {
            return future.get(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            task.releaseUnlessStarted();
            refused.get("timeout").increment();
            throw new ProblemException(
                    503,
                    "analysis-timeout",
                    "Analysis timed out",
                    "the analysis did not finish within "
                            + seconds(config.timeout().toMillis())
                            + " (whatmoved.analyses.timeout) and was stopped: the service is busy, or the analysis is"
                            + " larger than its estimate; try again later, or with a shorter window, fewer controls or"
                            + " a shorter season",
                    List.of());
        } catch (InterruptedException e) {
            future.cancel(true);
            task.releaseUnlessStarted();
            Thread.currentThread().interrupt();
            throw new ProblemException(
                    503, "unavailable", "Service unavailable", "the service is stopping; try again", List.of());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("the analysis failed", e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Takes a slot for {@code caller}, waiting up to {@code queue-wait} for one. */
    private synchronized void admit(String caller) {
        long deadline = System.nanoTime() + config.queueWait().toNanos();
        long left;
        while (!free(caller) && (left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int mine = runningPerCaller.getOrDefault(caller, 0);
        if (mine >= config.perCaller()) {
            refused.get("caller-limit").increment();
            throw new AnalysisRefusedException(
                    429,
                    "too-many-analyses",
                    "Too many analyses",
                    "you have " + mine + " analys" + (mine == 1 ? "is" : "es") + " running, at most "
                            + config.perCaller() + " at once (whatmoved.analyses.per-caller): wait for "
                            + (mine == 1 ? "it" : "one") + " to finish",
                    config.retryAfter());
        }
        if (running.get() >= config.concurrent()) {
            refused.get("busy").increment();
            throw new AnalysisRefusedException(
                    503,
                    "analyses-busy",
                    "Analyses busy",
                    running.get() + " analyses are running, at most " + config.concurrent()
                            + " at once (whatmoved.analyses.concurrent): try again shortly",
                    config.retryAfter());
        }
        runningPerCaller.merge(caller, 1, Integer::sum);
        running.incrementAndGet();
    }

    private boolean free(String caller) {
        return runningPerCaller.getOrDefault(caller, 0) < config.perCaller() && running.get() < config.concurrent();
    }

    private synchronized void release(String caller) {
        runningPerCaller.computeIfPresent(caller, (who, count) -> count <= 1 ? null : count - 1);
        running.decrementAndGet();
        notifyAll();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    /** One admitted analysis; gives its slot back exactly once, when it ends or if it never started. */
    private final class Task<T> implements Callable<T> {

        private final String caller;
        private final Callable<T> work;
        private final AtomicBoolean claimed = new AtomicBoolean();

        Task(String caller, Callable<T> work) {
            this.caller = caller;
            this.work = work;
        }

        @Override
        public T call() throws Exception {
            if (!claimed.compareAndSet(false, true)) {
                return null; // its caller gave up before it started: nobody reads this
            }
            try {
                return work.call();
            } finally {
                release(caller);
            }
        }

        void releaseUnlessStarted() {
            if (claimed.compareAndSet(false, true)) {
                release(caller);
            }
        }
    }
}
