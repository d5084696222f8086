package dev.whatmoved.local.scale;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of each part of the scale-out proof: eight for each throughput phase (one instance, two instances and
 * the warm-up before them), and the stream's, each with one feature predicting it.
 */
record ScalePlan(List<String> oneInstance, List<String> twoInstances, List<String> warmUp, List<String> chaos) {

    private static final int THROUGHPUT_METRICS = 8;

    static ScalePlan of(int chaosMetrics) {
        return new ScalePlan(
                metricKeys("scale.one.m", THROUGHPUT_METRICS),
                metricKeys("scale.two.m", THROUGHPUT_METRICS),
                metricKeys("scale.warm.m", THROUGHPUT_METRICS),
                metricKeys("scale.chaos.m", chaosMetrics));
    }

    /** Every metric to register: the stream's, then those of the throughput phases when they run. */
    List<String> all(boolean throughput) {
        List<String> all = new ArrayList<>(chaos);
        if (throughput) {
            all.addAll(oneInstance);
            all.addAll(twoInstances);
            all.addAll(warmUp);
        }
        return all;
    }

    /** The feature predicting the stream's {@code i}th metric. */
    static String featureKey(int i) {
        return "scale-f" + i;
    }

    private static List<String> metricKeys(String prefix, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(prefix + i);
        }
        return keys;
    }
}
