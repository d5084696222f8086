package dev.whatmoved.local.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples, twice a second on a thread of its own, the end of a topic (what its producer has written) and a consumer
 * group's committed offsets on it (what the consumer has durably taken): their rates are the producer's and the
 * consumer's, measured side by side in one run. A rate counts from the first sample that moved to the last that moved,
 * so time spent waiting before the first record or after the last is not in it.
 */
final class OffsetRates implements AutoCloseable {

    private record Sample(long nanos, long end, long committed) {}

    /** Records between the first and the last move of a series of offsets, and the seconds between them. */
    record Rate(long records, double seconds) {

        double perSecond() {
            return seconds <= 0 ? 0 : records / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d in %.1f s (%,.0f/s)", records, seconds, perSecond());
        }
    }

    private final Broker broker;
    private final String topic;
    private final String group;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    OffsetRates(Broker broker, String topic, String group) {
        this.broker = broker;
        this.topic = topic;
        this.group = group;
        this.thread = new Thread(this::sample, "offset-rates");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void sample() {
        while (running) {
            try {
                long end = broker.endOffsets(topic).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                long committed = broker.committed(group);
                synchronized (samples) {
                    samples.add(new Sample(System.nanoTime(), end, committed));
                }
                Thread.sleep(Duration.ofMillis(500).toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a broker hiccup costs one sample
            }
        }
    }

    /** The topic's growth: what the producer wrote. */
    Rate produced(long fromNanos) {
        return rate(fromNanos, true);
    }

    /** The group's committed progress: what the consumer took. */
    Rate consumed(long fromNanos) {
        return rate(fromNanos, false);
    }

    /** The topic's end and the group's committed offsets, now. */
    long[] current() {
        synchronized (samples) {
            Sample last = samples.isEmpty() ? new Sample(0, 0, 0) : samples.get(samples.size() - 1);
            return new long[] {last.end(), last.committed()};
        }
    }

    private Rate rate(long fromNanos, boolean end) {
        List<Sample> copy;
        synchronized (samples) {
            copy = new ArrayList<>(samples);
        }
        Sample base = null;
        Sample firstMove = null;
        Sample lastMove = null;
        Sample previous = null;
        for (Sample sample : copy) {
            if (sample.nanos() < fromNanos) {
                base = sample;
                previous = sample;
                continue;
            }
            if (previous != null && value(sample, end) != value(previous, end)) {
                if (firstMove == null) {
                    firstMove = previous;
                }
                lastMove = sample;
            }
            previous = sample;
        }
        if (firstMove == null) {
            return new Rate(0, 0);
        }
        long from = base != null ? Math.max(value(base, end), value(firstMove, end)) : value(firstMove, end);
        return new Rate(value(lastMove, end) - from, (lastMove.nanos() - firstMove.nanos()) / 1e9);
    }

    private static long value(Sample sample, boolean end) {
        return end ? sample.end() : sample.committed();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
