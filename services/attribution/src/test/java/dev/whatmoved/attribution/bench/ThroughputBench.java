package dev.whatmoved.attribution.bench;

import dev.whatmoved.attribution.model.ImpactAnalysis;
import dev.whatmoved.attribution.model.ImpactInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.ToDoubleFunction;

/**
 * Throughput of the counterfactual analysis on 90-day daily windows (60 pre + 30 post days) with 2 controls and weekly
 * seasonality, on every core, after a warm-up; and of the naive before/after baseline on the same windows, for
 * scale. Arguments: {@code [seconds to measure] [threads]} (default 10 s, all cores).
 */
public final class ThroughputBench {

    static final int PRE = 60;
    static final int POST = 30;

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int threads = args.length > 1
                ? Integer.parseInt(args[1])
                : Runtime.getRuntime().availableProcessors();
        List<ImpactInput> inputs = new ArrayList<>();
        List<SyntheticSeries.Case> cases = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            SyntheticSeries.Case c = SyntheticSeries.generate(1_000_000L + i, PRE, POST, 2, i % 2 == 0 ? 0 : 0.05);
            cases.add(c);
            inputs.add(new ImpactInput(c.response(), c.controls(), 0, PRE - 1, PRE, PRE + POST - 1, 0.05, 7));
        }
        ImpactAnalysis analysis = new ImpactAnalysis();
        ToDoubleFunction<Integer> model =
                i -> analysis.analyse(inputs.get(i)).average().absEffect();
        ToDoubleFunction<Integer> baseline =
                i -> NaiveBeforeAfter.estimate(cases.get(i).response(), PRE, POST, 0.05)
                        .effect();

        System.out.printf(
                Locale.ROOT,
                "90-day windows (%d pre + %d post), 2 controls, season 7, %d threads%n",
                PRE,
                POST,
                threads);
        run(model, inputs.size(), threads, Math.min(5, seconds / 2)); // warm-up
        run(baseline, inputs.size(), threads, 1);
        double single = run(model, inputs.size(), 1, Math.min(5, seconds / 2));
        double perSecond = run(model, inputs.size(), threads, seconds);
        double baselinePerSecond = run(baseline, inputs.size(), threads, Math.min(5, seconds / 2));
        System.out.printf(Locale.ROOT, "model, 1 thread:    %8.1f analyses/s (%.2f ms each)%n", single, 1000 / single);
        System.out.printf(Locale.ROOT, "model, %d threads:   %8.1f analyses/s%n", threads, perSecond);
        System.out.printf(
                Locale.ROOT,
                "before/after:       %8.1f analyses/s (%.0f times cheaper)%n",
                baselinePerSecond,
                baselinePerSecond / perSecond);
        System.out.printf(
                Locale.ROOT,
                "RESULT analyses_per_s=%.1f baseline_per_s=%.1f ratio=%.1f%n",
                perSecond,
                baselinePerSecond,
                baselinePerSecond / perSecond);
    }

    /** Analyses per second of {@code task} over {@code seconds}, on {@code threads} threads cycling the inputs. */
    private static double run(ToDoubleFunction<Integer> task, int inputs, int threads, double seconds)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        DoubleAdder checksum = new DoubleAdder();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < threads; w++) {
            int offset = w * 37;
            Thread thread = new Thread(() -> {
                double sum = 0;
                long count = 0;
                for (int i = offset; System.nanoTime() < deadline; i++) {
                    sum += task.applyAsDouble(i % inputs);
                    count++;
                }
                done.addAndGet(count);
                checksum.add(sum);
            });
            workers.add(thread);
            thread.start();
        }
        for (Thread thread : workers) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (Double.isNaN(checksum.sum())) {
            throw new IllegalStateException("a result was not a number");
        }
        return done.get() / elapsed;
    }
}
