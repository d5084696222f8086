package dev.whatmoved.local.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the demo replays: teams, metrics, features with their predictions, and the releases of one past quarter, with
 * the true effect each release has on the metrics (what the generated metric series carry). Pure data: {@link
 * QuarterStory} builds it, {@link Replay} sends it through the front doors.
 *
 * @param quarter the calendar quarter the releases fall in, e.g. {@code 2026-Q2}
 * @param dataFrom first day of metric points (weeks of history before the first release)
 * @param dataTo last day of metric points (yesterday)
 * @param seed the seed of the metric noise: the same seed and dates give the same points
 */
public record Scenario(
        String quarter,
        LocalDate quarterStart,
        LocalDate quarterEnd,
        LocalDate dataFrom,
        LocalDate dataTo,
        long seed,
        List<String> teams,
        List<Metric> metrics,
        List<Feature> features,
        List<Release> releases) {

    /** How a metric reaches whatmoved. */
    public enum Feed {
        /** JSON batches on {@code whatmoved.metric-points}, one record per metric and week, keyed by the metric. */
        KAFKA,
        /** OTLP/HTTP JSON to {@code /v1/metrics}, delta sums as an OpenTelemetry Collector exports them. */
        OTLP
    }

    /** A weekly pattern: multipliers Monday to Sunday. */
    public enum Week {
        SHOPPING(new double[] {0.94, 0.95, 0.97, 0.99, 1.03, 1.08, 1.04}),
        WORKDAY(new double[] {1.06, 1.07, 1.06, 1.05, 1.00, 0.87, 0.89});

        private final double[] factors;

        Week(double[] factors) {
            this.factors = factors;
        }

        public double factor(LocalDate day) {
            return factors[day.getDayOfWeek().getValue() - 1];
        }
    }

    /**
     * @param base daily total on the first day of data
     * @param trendPerWeek relative growth per week (0.003 = +0.3 % a week)
     * @param noise standard deviation of the day-to-day relative noise (autocorrelated)
     * @param integral whether the daily value is a count (rounded)
     */
    public record Metric(
            String key,
            String name,
            String unit,
            String goodDirection,
            String team,
            Feed feed,
            double base,
            double trendPerWeek,
            Week week,
            double noise,
            boolean integral) {}

    /**
     * @param expectedChangePct null for a guardrail
     * @param tolerancePct only for a guardrail
     */
    public record Prediction(
            String metric,
            String direction,
            Double expectedChangePct,
            Double lowPct,
            Double highPct,
            double confidence,
            boolean guardrail,
            Double tolerancePct) {

        static Prediction of(String metric, String direction, double pct, Double low, Double high, double confidence) {
            return new Prediction(metric, direction, pct, low, high, confidence, false, null);
        }

        static Prediction guardrail(String metric, String goodDirection, double tolerancePct, double confidence) {
            return new Prediction(metric, goodDirection, null, null, null, confidence, true, tolerancePct);
        }
    }

    /**
     * A change of one prediction after commit.
     *
     * @param afterShip whether it is made after the feature's first release (flagged amendedAfterShip)
     * @param number which prediction (1-based, in the feature's order)
     */
    public record Amendment(int number, String reason, Prediction amended, boolean afterShip) {}

    /** What the team expects and which way the metrics truly go (the story's note, shown in docs and tests). */
    public record Feature(
            String key,
            String title,
            String team,
            String owner,
            String problem,
            List<Prediction> predictions,
            Optional<Amendment> amendment,
            String story) {}

    /** How a release is reported. */
    public enum Source {
        /** GitHub {@code deployment_status} from a GitHub Actions job (feature in the run's title). */
        GITHUB_ACTIONS,
        /** GitHub {@code deployment_status} of a deployment a GitHub App created (features in the payload). */
        GITHUB_APP,
        /** GitLab deployment hook (feature as a [key] tag in the commit title). */
        GITLAB,
        /** CDEvents over HTTP, binary mode (spec 0.4). */
        CDEVENTS_BINARY,
        /** CDEvents over HTTP, structured mode (spec 0.5). */
        CDEVENTS_STRUCTURED,
        /** {@code POST /api/releases}. */
        API
    }

    /**
     * One deployment.
     *
     * @param id the story's name for it ({@code r07}), stable across runs; also its idempotency key's base
     * @param features explicit or tagged feature keys
     * @param rollback this deployment is a rollback (CDEvents service.rolledback, or native rollback: true); a
     *     redeploy of an earlier version is a rollback too (see {@link #rollsBack})
     * @param rollsBack the story id of the release this deployment rolls back, if it does
     * @param effects true relative effect of this release on metrics, while it is deployed (0.05 = +5 %)
     */
    public record Release(
            String id,
            Instant deployedAt,
            String service,
            String version,
            Source source,
            String commit,
            String title,
            List<String> features,
            boolean rollback,
            Optional<String> rollsBack,
            Map<String, Double> effects,
            String actor) {

        public LocalDate day() {
            return LocalDate.ofInstant(deployedAt, ZoneOffset.UTC);
        }

        public boolean linked() {
            return !features.isEmpty();
        }
    }

    public Metric metric(String key) {
        return metrics.stream()
                .filter(m -> m.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no metric " + key));
    }

    public Feature feature(String key) {
        return features.stream()
                .filter(f -> f.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feature " + key));
    }

    public Release release(String id) {
        return releases.stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no release " + id));
    }

    /** When the release was rolled back, if a later deployment of the story rolls it back. */
    public Optional<Instant> rolledBackAt(Release release) {
        return releases.stream()
                .filter(r -> r.rollsBack().filter(release.id()::equals).isPresent())
                .map(Release::deployedAt)
                .findFirst();
    }

    public List<Release> rolledBack() {
        return releases.stream().filter(r -> rolledBackAt(r).isPresent()).toList();
    }

    /** Releases that link no feature: output that no prediction is about. */
    public List<Release> unlinked() {
        return releases.stream().filter(r -> !r.linked()).toList();
    }

    /** The metrics a release's features predict (guardrails included). */
    public Set<String> predictedMetrics(Release release) {
        Set<String> metrics = new LinkedHashSet<>();
        for (String key : release.features()) {
            feature(key).predictions().forEach(p -> metrics.add(p.metric()));
        }
        return metrics;
    }

    /**
     * Pairs of releases (not rollbacks) whose features predict the same metric and which were deployed within {@code
     * days} of each other: each one's measurement window holds the other.
     */
    public List<List<Release>> overlapping(int days) {
        List<List<Release>> pairs = new ArrayList<>();
        List<Release> measured = releases.stream()
                .filter(r -> r.linked() && r.rollsBack().isEmpty())
                .toList();
        for (int i = 0; i < measured.size(); i++) {
            for (int j = i + 1; j < measured.size(); j++) {
                Release a = measured.get(i);
                Release b = measured.get(j);
                Set<String> shared = new LinkedHashSet<>(predictedMetrics(a));
                shared.retainAll(predictedMetrics(b));
                if (!shared.isEmpty() && Math.abs(ChronoUnit.DAYS.between(a.day(), b.day())) <= days) {
                    pairs.add(List.of(a, b));
                }
            }
        }
        return pairs;
    }

    public List<Feature> amendedAfterShip() {
        return features.stream()
                .filter(f -> f.amendment().filter(Amendment::afterShip).isPresent())
                .toList();
    }

    /** The first release of each feature: the day it shipped. */
    public Optional<Release> firstRelease(String featureKey) {
        return releases.stream().filter(r -> r.features().contains(featureKey)).findFirst();
    }
}
