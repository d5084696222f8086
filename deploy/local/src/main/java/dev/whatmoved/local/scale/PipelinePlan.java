package dev.whatmoved.local.scale;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline bench registers: {@code metrics} metrics with two dimensions, and {@code releases} features, each
 * with one prediction (up 5 %, confidence 0.6) on one metric and released once, spread evenly over the history. Every
 * other release truly lifts its metric by 6 % from its deployment on ({@link PipelineSeries.Step}); the others change
 * nothing, so the verdicts are a mix, as a team's are.
 */
final class PipelinePlan {

    /** One feature, its release and what the release truly does to the predicted metric. */
    record Release(String featureKey, int metric, Instant deployedAt, double lift) {}

    static final double LIFT = 0.06;

    private final int metrics;
    private final List<Release> releases = new ArrayList<>();

    PipelinePlan(int metrics, int releaseCount, Instant historyFrom, Instant historyTo) {
        this.metrics = metrics;
        // no release in the history's first 30 days (the model needs a before window) or its last day
        Instant first = historyFrom.plus(Duration.ofDays(30));
        long span = Duration.between(first, historyTo.minus(Duration.ofDays(1))).toMinutes();
        for (int i = 0; i < releaseCount; i++) {
            int metric = (int) ((i * 7919L) % metrics);
            Instant deployedAt = first.plus(span * i / Math.max(1, releaseCount), ChronoUnit.MINUTES)
                    .truncatedTo(ChronoUnit.MINUTES);
            releases.add(new Release("pipe-f" + i, metric, deployedAt, i % 2 == 0 ? LIFT : 0));
        }
    }

    static String metricKey(int index) {
        return "bench.pipeline.m" + index;
    }

    int metrics() {
        return metrics;
    }

    List<Release> releases() {
        return releases;
    }

    /** Each metric's true steps, from its releases. */
    Map<Integer, List<PipelineSeries.Step>> steps() {
        Map<Integer, List<PipelineSeries.Step>> steps = new HashMap<>();
        for (Release release : releases) {
            if (release.lift() != 0) {
                steps.computeIfAbsent(release.metric(), m -> new ArrayList<>())
                        .add(new PipelineSeries.Step(release.deployedAt(), release.lift()));
            }
        }
        return steps;
    }

    /** The feature's registration with its prediction. */
    static String feature(String key, String title, int metric) {
        return "{\"key\": \"" + key + "\", \"title\": \"" + title + "\", \"team\": \"pipeline\", \"owner\": \"bench\","
                + " \"predictions\": [{\"metric\": \"" + metricKey(metric) + "\", \"direction\": \"up\","
                + " \"expectedChangePct\": 5, \"confidence\": 0.6}]}";
    }

    /** The releases as the CSV {@code POST /api/releases/import} takes. */
    String releasesCsv() {
        StringBuilder csv = new StringBuilder("service,version,environment,deployedAt,features\n");
        for (int i = 0; i < releases.size(); i++) {
            Release release = releases.get(i);
            csv.append("pipeline-svc,1.0.")
                    .append(i)
                    .append(",production,")
                    .append(release.deployedAt())
                    .append(',')
                    .append(release.featureKey())
                    .append('\n');
        }
        return csv.toString();
    }
}
