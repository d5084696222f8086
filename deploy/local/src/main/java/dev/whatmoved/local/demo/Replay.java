package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.local.LauncherException;
import dev.whatmoved.local.demo.Scenario.Feature;
import dev.whatmoved.local.demo.Scenario.Release;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sends the scenario through the front doors, as a team would on its first day: the metrics catalogue, each metric's
 * history through the history import and its last days through its live door, the features with their predictions
 * (committed), then the quarter's deployments as each CI or CD system reports them, and last the amendment made after
 * shipping. Then waits until attribution has measured every checkpoint. Every step may run again on what a stopped run
 * left: nothing is sent twice. The features service's steps are here; the metrics go through {@link MetricsReplay},
 * the waits through {@link ReplayWaits}.
 */
final class Replay {

    private final Scenario scenario;
    private final FeaturesClient features;
    private final PrintStream out;
    private final MetricsReplay points;
    private final ReplayWaits waits;

    private final ReleasePayloads payloads = new ReleasePayloads();

    /** Story id of each release to the id the features service gave it. */
    private final Map<String, String> releaseIds = new LinkedHashMap<>();

    Replay(
            Scenario scenario,
            FeaturesClient features,
            MetricsClient metrics,
            AttributionClient attribution,
            String kafkaBootstrap,
            int quietSeconds,
            PrintStream out) {
        this.scenario = scenario;
        this.features = features;
        this.out = out;
        this.points = new MetricsReplay(scenario, metrics, kafkaBootstrap, out);
        this.waits = new ReplayWaits(scenario, metrics, attribution, kafkaBootstrap, quietSeconds, out);
    }

    /** What the platform already holds of the scenario. */
    enum State {
        NONE,
        COMPLETE,
        PARTIAL
    }

    /**
     * The amendment after shipping is the replay's last step: once it is there, the whole scenario is (a previous
     * run's); a first feature without it is an interrupted replay.
     */
    State state() {
        Feature last = scenario.amendedAfterShip().get(0);
        JsonNode amended = features.feature(last.key()).orElse(null);
        if (amended != null) {
            for (JsonNode p : amended.path("predictions")) {
                if (p.path("version").asInt() > 1) {
                    return State.COMPLETE;
                }
            }
            return State.PARTIAL;
        }
        return features.feature(scenario.features().get(0).key()).isPresent() ? State.PARTIAL : State.NONE;
    }

    /** The metrics catalogue and every metric's points: {@link MetricsReplay#sendPoints}. */
    long sendPoints() {
        return points.sendPoints();
    }

    /**
     * The features with their predictions, committed (and amended before shipping where the story says so). Each step
     * is done only if the features service does not have it yet, so a run that stopped half-way is completed.
     */
    void sendFeatures() {
        long begin = System.nanoTime();
        int registered = 0;
        for (Feature feature : scenario.features()) {
            JsonNode stored = features.feature(feature.key()).orElse(null);
            if (stored == null) {
                features.register(feature);
                registered++;
            }
            if (stored == null || "draft".equals(stored.path("status").asText())) {
                features.commit(feature.key());
            }
            Optional<Scenario.Amendment> before = feature.amendment().filter(a -> !a.afterShip());
            if (before.isPresent()
                    && (stored == null || version(stored, before.get().number()) == 1)) {
                features.amend(feature.key(), before.get());
            }
        }
        out.printf(
                "  features    %d features with %d predictions committed%s (%s)%n",
                scenario.features().size(),
                scenario.features().stream()
                        .mapToInt(f -> f.predictions().size())
                        .sum(),
                registered == scenario.features().size()
                        ? ""
                        : " (" + (scenario.features().size() - registered) + " registered by a run before)",
                seconds(begin));
    }

    /** The current version of prediction {@code number} of a stored feature (1 until it is amended). */
    static int version(JsonNode feature, int number) {
        for (JsonNode p : feature.path("predictions")) {
            if (p.path("number").asInt() == number) {
                return p.path("version").asInt(1);
            }
        }
        return 1;
    }

    /** Waits until every point is in and attribution has taken it: {@link ReplayWaits#awaitHistory}. */
    void awaitHistory(Duration timeout) {
        waits.awaitHistory(timeout);
    }

    /** The quarter's deployments, each through its system's door, in the order they happened. */
    void sendReleases() {
        long begin = System.nanoTime();
        Map<Scenario.Source, Integer> bySource = new TreeMap<>();
        int sequence = 0;
        for (Release release : scenario.releases()) {
            JsonNode stored = features.deliver(payloads.delivery(release, ++sequence));
            String id = stored.path("id").asText();
            releaseIds.put(release.id(), id);
            bySource.merge(release.source(), 1, Integer::sum);
            if (release.rollsBack().isPresent() && !stored.hasNonNull("rollbackOf")) {
                throw new LauncherException(
                        release.service() + " " + release.version() + " should have rolled back "
                                + release.rollsBack().get() + " but the features service did not take it as a rollback",
                        LauncherException.STARTUP_FAILED);
            }
        }
        out.printf(
                "  releases    %d deployments of %s: %s (%s)%n",
                scenario.releases().size(),
                scenario.quarter(),
                String.join(
                        ", ",
                        bySource.entrySet().stream()
                                .map(e -> e.getValue() + " " + label(e.getKey()))
                                .toList()),
                seconds(begin));
    }

    void sendAmendmentsAfterShip() {
        for (Feature feature : scenario.amendedAfterShip()) {
            Scenario.Amendment amendment = feature.amendment().orElseThrow();
            JsonNode stored = features.feature(feature.key()).orElseThrow();
            if (version(stored, amendment.number()) == 1) {
                features.amend(feature.key(), amendment);
            }
            out.printf("  amendment   %s amended after it shipped%n", feature.key());
        }
    }

    /** Waits until attribution has measured every checkpoint: {@link ReplayWaits#awaitOutcomes}. */
    Map<String, JsonNode> awaitOutcomes(Duration timeout, Duration settle) {
        return waits.awaitOutcomes(timeout, settle, releaseIds);
    }

    Map<String, String> releaseIds() {
        return releaseIds;
    }

    private static String label(Scenario.Source source) {
        return switch (source) {
            case GITHUB_ACTIONS -> "GitHub deployment_status (Actions)";
            case GITHUB_APP -> "GitHub deployment_status (GitHub App)";
            case GITLAB -> "GitLab deployment hooks";
            case CDEVENTS_BINARY -> "CDEvents 0.4 binary";
            case CDEVENTS_STRUCTURED -> "CDEvents 0.5 structured";
            case API -> "POST /api/releases";
        };
    }

    static String seconds(long begin) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - begin) / 1e9);
    }
}
