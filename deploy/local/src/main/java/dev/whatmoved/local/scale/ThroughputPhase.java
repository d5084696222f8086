package dev.whatmoved.local.scale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One throughput phase of the scale-out proof: the same workload (points of the last 6 hours) produced as fast as it
 * goes, timed from the first record sent until every point is durable.
 */
final class ThroughputPhase {

    private final ScaleProof.Settings settings;
    private final Broker broker;
    private final DurableOffsets durable;
    private final ExpectedRollups expected;
    private final ScaleLog log;

    ThroughputPhase(
            ScaleProof.Settings settings,
            Broker broker,
            DurableOffsets durable,
            ExpectedRollups expected,
            ScaleLog log) {
        this.settings = settings;
        this.broker = broker;
        this.durable = durable;
        this.expected = expected;
        this.log = log;
    }

    /** Produces the same workload as fast as it goes and times it until every point is durable; points per second. */
    double run(String label, List<String> metrics, long seed) {
        long records = settings.records(settings.throughputPoints());
        PointBatches batches =
                new PointBatches(metrics, PointBatches.recent(Instant.now(), 6), settings.batch(), seed, expected);
        // made before the clock starts: the timing is of the broker and the services, not of this generator
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (long r = 0; r < records; r++) {
            keys.add(batches.nextMetric());
            values.add(batches.next());
        }
        log.log("%s: producing %,d points in %,d records", label, records * settings.batch(), records);
        long start = System.nanoTime();
        for (int r = 0; r < records; r++) {
            broker.send(keys.get(r), values.get(r));
        }
        broker.flush();
        double produced = ScaleLog.seconds(start);
        durable.await(settings.settleTimeout());
        double took = ScaleLog.seconds(start);
        double rate = records * settings.batch() / took;
        log.log("%s: produced in %.1f s, durable after %.1f s: %,.0f points/s", label, produced, took, rate);
        return rate;
    }
}
