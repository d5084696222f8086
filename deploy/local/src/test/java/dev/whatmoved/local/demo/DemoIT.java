package dev.whatmoved.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.DigestCommand;
import dev.whatmoved.local.LeftBehind;
import dev.whatmoved.local.Platform;
import dev.whatmoved.local.PlatformConfig;
import dev.whatmoved.local.PlatformEnv;
import dev.whatmoved.local.PortCheck;
import dev.whatmoved.local.RepoHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code ./whatmoved demo} end to end, on a platform started as {@code ./whatmoved up} starts it (the metrics
 * service's default late limit of 120 days, no webhook secrets, rollups announced every 10 s; only attribution's job
 * runs every 5 s instead of 60 s, to keep the test short): the packaged services, a run that stopped half-way, then the
 * demo, which completes it (the history through the history import, the last days through Kafka and OTLP, webhooks,
 * CDEvents, the APIs) without sending anything twice, and attribution's outcomes read back; then the demo once more,
 * which finds the quarter there and changes nothing.
 */
class DemoIT {

    @Test
    void theDemoCompletesAStoppedRunOnAnUpPlatformAndAttributionMeasuresEveryCheckpoint() throws Exception {
        List<Integer> ports = PortCheck.freePorts(PlatformEnv.PORTS);
        Map<String, String> env = PlatformEnv.onPorts("demo", ports);
        env.put("WHATMOVED_START_TIMEOUT", "240");
        // the demo reads it to know how long outcomes take to settle on a platform it did not start
        env.put("WHATMOVED_OUTCOMES_JOB_EVERY", "5s");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(printed, System.out), true, StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        try (Platform platform = new Platform(PlatformConfig.from(env, List.of(), RepoHome.resolve()), out)) {
            platform.addServiceEnv("attribution", Map.of("WHATMOVED_OUTCOMES_JOB_EVERY", "5s"));
            platform.startAll();
            pids.addAll(platform.childPids());
            Scenario stopped = QuarterStory.build(today, QuarterStory.DEFAULT_SEED);
            stopHalfWay(platform, stopped);

            DemoCommand.Run run = DemoCommand.start(
                    env, DemoCommand.Options.parse(List.of("--exit", "--timeout", "480")), today, out);
            assertThat(run.startedThePlatform()).isFalse();
            Scenario scenario = run.scenario();

            // every measured release has its outcomes, none pending, with every kind of verdict a quarter shows
            assertThat(run.outcomes()).hasSize((int) scenario.releases().stream()
                    .filter(r -> r.linked() && r.rollsBack().isEmpty())
                    .count());
            Set<String> verdicts = new TreeSet<>();
            run.outcomes().values().forEach(answer -> answer.path("outcomes")
                    .forEach(o -> verdicts.add(o.path("verdict").asText())));
            assertThat(verdicts)
                    .doesNotContain("pending")
                    .contains("moved-as-predicted", "moved-opposite")
                    .hasSizeGreaterThanOrEqualTo(3);

            // the true effects come out: the checklist's activations rise, the shipping banner's orders fall
            assertThat(latest(run.outcomes().get("r02"), "activations")
                            .path("verdict")
                            .asText())
                    .isEqualTo("moved-as-predicted");
            // (measured below zero at its last checkpoint, 14 days: whether that early read is a verdict or
            // "inconclusive" is attribution's call, as its sequential boundary for early looks stands)
            JsonNode banner = latest(run.outcomes().get("r17"), "checkout.orders");
            assertThat(banner.path("relEffectUpper").asDouble())
                    .as("%s", banner)
                    .isNegative();
            assertThat(banner.path("verdict").asText()).isIn("moved-opposite", "inconclusive");
            // the banner was rolled back nine days after: nothing is measured beyond the rollback
            run.outcomes().get("r17").path("outcomes").forEach(o -> assertThat(
                            o.path("checkpointDays").asInt())
                    .isLessThanOrEqualTo(14));
            // similar items shipped three days after semantic ranking, on the same metric: a confounder
            assertThat(latest(run.outcomes().get("r13"), "recs.clicks")
                            .path("confounders")
                            .toString())
                    .contains(run.releaseIds().get("r12"));
            // semantic ranking broke its guardrail
            assertThat(run.outcomes().get("r12").path("outcomes").findValues("guardrailBreached"))
                    .anyMatch(JsonNode::asBoolean);

            // each door stored its source, and the three rollbacks were recognised
            Http http = new Http();
            String viewer = platform.token("demo-it", "read");
            URI features = platform.serviceUrl("features");
            Map<String, String> sourceOf = Map.of(
                    "r02",
                    "github",
                    "r05",
                    "github",
                    "r09",
                    "gitlab",
                    "r10",
                    "cdevents",
                    "r12",
                    "cdevents",
                    "r07",
                    "api");
            sourceOf.forEach((story, source) -> assertThat(http.get(
                                    features.resolve(
                                            "/api/releases/" + run.releaseIds().get(story)),
                                    viewer)
                            .body()
                            .path("source")
                            .asText())
                    .as("source of %s", story)
                    .isEqualTo(source));
            for (Scenario.Release rolledBack : scenario.rolledBack()) {
                assertThat(http.get(
                                        features.resolve("/api/releases/"
                                                + run.releaseIds().get(rolledBack.id())),
                                        viewer)
                                .body()
                                .path("state")
                                .asText())
                        .as("state of %s", rolledBack.id())
                        .isEqualTo("rolled-back");
            }

            // nothing any service consumed was dead-lettered
            try (ConsumerLag kafka = new ConsumerLag(platform.kafkaBootstrap())) {
                for (String topic : Topics.all()) {
                    if (topic.endsWith(".dlq")) {
                        assertThat(kafka.endOffsets(topic))
                                .as("records on %s", topic)
                                .isZero();
                    }
                }
            }

            // every day of every metric holds exactly its one point: what the stopped run sent was not sent again
            URI metrics = platform.serviceUrl("metrics");
            for (Scenario.Metric metric : scenario.metrics()) {
                JsonNode buckets = http.get(
                                metrics.resolve("/api/metrics/" + metric.key() + "/series?granularity=day&from="
                                        + scenario.dataFrom() + "&to="
                                        + scenario.dataTo().plusDays(1)),
                                viewer)
                        .body()
                        .path("buckets");
                assertThat(buckets.size())
                        .as("days of %s", metric.key())
                        .isEqualTo(MetricSeries.pointsPerMetric(scenario));
                buckets.forEach(b -> assertThat(b.path("count").asLong())
                        .as("points of %s on %s", metric.key(), b.path("start").asText())
                        .isEqualTo(1));
            }

            // the terminal shows the tables
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text)
                    .contains("Part of the demo's quarter is on this platform")
                    .contains("Replaying " + scenario.quarter())
                    .contains("through POST /api/metrics/{key}/history")
                    .contains("Outputs vs outcomes, " + scenario.quarter())
                    .contains("Calibration of each team");

            // the demo printed each prediction's review, and the digest reads the verdicts it measured
            assertThat(text).contains("Prediction reviews").contains("MDE 30 d");
            String team = scenario.features().get(0).team();
            String digest = DigestCommand.markdown(env, DigestCommand.parse(List.of("--team", team, "--since", "7d")));
            assertThat(digest)
                    .as(digest)
                    .contains("# What moved: " + team)
                    .contains("## Verdicts that landed")
                    .doesNotContain("No verdict landed.")
                    .contains("## Calibration");

            // once more: the quarter is there, nothing is re-measured
            DemoCommand.Run again = DemoCommand.start(
                    env, DemoCommand.Options.parse(List.of("--exit", "--timeout", "120")), today, out);
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("The demo's quarter is already on this platform");
            assertThat(again.releaseIds()).isEqualTo(run.releaseIds());
            assertThat(versions(again.outcomes())).isEqualTo(versions(run.outcomes()));
        }
        LeftBehind.assertNothingLeft(pids, ports);
    }

    /**
     * What a run that stopped half-way leaves: every metric registered, half of them with their history, part of one
     * metric's last days on Kafka and of another's taken over OTLP, four features registered and two of them committed.
     */
    private static void stopHalfWay(Platform platform, Scenario scenario) {
        Http http = new Http();
        MetricsClient metrics = new MetricsClient(
                http,
                platform.serviceUrl("metrics"),
                platform.token("demo-it", "metrics:write"),
                platform.token("demo-it", "read"));
        FeaturesClient features = new FeaturesClient(
                http,
                platform.serviceUrl("features"),
                platform.token("demo-it", "features:write", "read"),
                platform.token("demo-it", "releases:write"),
                Optional.empty(),
                Optional.empty());
        scenario.metrics().forEach(metrics::register);
        for (Scenario.Metric metric :
                scenario.metrics().subList(0, scenario.metrics().size() / 2)) {
            List<MetricSeries.Point> points = MetricSeries.points(scenario, metric);
            metrics.importHistory(metric, points.subList(0, points.size() - MetricsReplay.LIVE_DAYS), true);
        }
        Scenario.Metric kafka = scenario.metrics().stream()
                .filter(m -> m.feed() == Scenario.Feed.KAFKA)
                .findFirst()
                .orElseThrow();
        List<MetricSeries.Point> kafkaPoints = MetricSeries.points(scenario, kafka);
        try (PointsProducer producer = new PointsProducer(platform.kafkaBootstrap())) {
            producer.send(
                    kafka.key(),
                    kafkaPoints.subList(kafkaPoints.size() - MetricsReplay.LIVE_DAYS, kafkaPoints.size() - 14));
        }
        Scenario.Metric otlp = scenario.metrics().stream()
                .filter(m -> m.feed() == Scenario.Feed.OTLP)
                .findFirst()
                .orElseThrow();
        List<MetricSeries.Point> otlpPoints = MetricSeries.points(scenario, otlp);
        metrics.exportOtlp(
                otlp,
                MetricsReplay.serviceOf(otlp),
                otlpPoints.subList(otlpPoints.size() - MetricsReplay.LIVE_DAYS, otlpPoints.size() - 20));
        for (int i = 0; i < 4; i++) {
            features.register(scenario.features().get(i));
            if (i < 2) {
                features.commit(scenario.features().get(i).key());
            }
        }
    }

    /** Each outcome's version, by release, prediction and checkpoint. */
    private static Map<String, Integer> versions(Map<String, JsonNode> outcomes) {
        Map<String, Integer> versions = new TreeMap<>();
        outcomes.forEach((release, answer) -> answer.path("outcomes")
                .forEach(o -> versions.put(
                        release + "/" + o.path("featureKey").asText() + "/"
                                + o.path("predictionNumber").asInt() + "/"
                                + o.path("checkpointDays").asInt(),
                        o.path("version").asInt())));
        return versions;
    }

    /** The outcome of the release's prediction on {@code metric} at its latest checkpoint. */
    private static JsonNode latest(JsonNode answer, String metric) {
        JsonNode latest = null;
        for (JsonNode outcome : answer.path("outcomes")) {
            if (metric.equals(outcome.path("metric").asText())
                    && (latest == null
                            || outcome.path("checkpointDays").asInt()
                                    > latest.path("checkpointDays").asInt())) {
                latest = outcome;
            }
        }
        assertThat(latest).as("an outcome on %s in %s", metric, answer).isNotNull();
        return latest;
    }

    /** Writes to both: the test reads what was printed, the build log shows it. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
