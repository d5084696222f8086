package dev.whatmoved.local.scale;

import dev.whatmoved.local.ServiceInstance;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scale-out proof's stream under failure: history points paced over the stream's duration while five releases
 * dated days back are posted; SIGKILL of metrics-2 and attribution-2 at 20 % and 25 % of it, both started again at
 * 40 %.
 */
final class ChaosStream {

    private static final double[] RELEASE_AT = {0.10, 0.20, 0.45, 0.70, 0.85};

    private final ScaleProof.Settings settings;
    private final Broker broker;
    private final DurableOffsets durable;
    private final ExpectedRollups expected;
    private final ScaleInstances instances;
    private final ScaleCatalogue catalogue;
    private final ScaleLog log;

    ChaosStream(
            ScaleProof.Settings settings,
            Broker broker,
            DurableOffsets durable,
            ExpectedRollups expected,
            ScaleInstances instances,
            ScaleCatalogue catalogue,
            ScaleLog log) {
        this.settings = settings;
        this.broker = broker;
        this.durable = durable;
        this.expected = expected;
        this.instances = instances;
        this.catalogue = catalogue;
        this.log = log;
    }

    /**
     * Runs the stream on {@code metrics}, killing {@code metrics2} and {@code attribution2} and starting them again
     * (their readiness is awaited through {@code restarts}). Returns the stream's durable rate.
     */
    double run(
            List<String> metrics,
            ServiceInstance metrics2,
            ServiceInstance attribution2,
            List<CompletableFuture<Void>> restarts) {
        LocalDate today = RollupCheck.today();
        long records = settings.records(settings.chaosPoints());
        PointBatches batches = new PointBatches(
                metrics, PointBatches.history(today, settings.historyDays()), settings.batch(), 3, expected);
        long nanos = settings.chaosDuration().toNanos();
        log.log(
                "stream: %,d points in %,d records over %d s while releases are posted; kills at 20 %% and 25 %%,"
                        + " restarts at 40 %%",
                records * settings.batch(), records, settings.chaosDuration().toSeconds());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        Thread producer = new Thread(
                () -> {
                    try {
                        for (long r = 0; r < records; r++) {
                            long due = start + nanos * r / records;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            broker.send(batches.nextMetric(), batches.next());
                        }
                        broker.flush();
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                "scale-producer");
        producer.start();

        List<Runnable> steps = new ArrayList<>();
        List<Double> at = new ArrayList<>();
        for (int j = 0; j < RELEASE_AT.length; j++) {
            int release = j;
            at.add(RELEASE_AT[j]);
            steps.add(() -> catalogue.postRelease(release, metrics.size(), today));
        }
        at.add(0.20);
        steps.add(() -> instances.kill(metrics2));
        at.add(0.25);
        steps.add(() -> instances.kill(attribution2));
        at.add(0.40);
        steps.add(() -> {
            for (String name : List.of("metrics-2", "attribution-2")) {
                restarts.add(instances.restart(name));
            }
        });
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(at.get(a), at.get(b)));
        for (int i : order) {
            sleepUntil(start + (long) (nanos * at.get(i)));
            steps.get(i).run();
        }
        BenchRuns.join(producer);
        if (failure.get() != null) {
            throw new IllegalStateException("producing the stream failed", failure.get());
        }
        double produced = ScaleLog.seconds(start);
        durable.await(settings.settleTimeout());
        double took = ScaleLog.seconds(start);
        log.log("stream: produced in %.1f s, durable after %.1f s", produced, took);
        return records * settings.batch() / took;
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            BenchRuns.sleep(Duration.ofNanos(wait));
        }
    }
}
