package dev.whatmoved.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.LeftBehind;
import dev.whatmoved.local.PlatformEnv;
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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code ./whatmoved demo --exit} end to end: the packaged services on a platform the demo starts, the quarter
 * replayed through webhooks, CDEvents, the APIs, Kafka and OTLP, and attribution's outcomes read back.
 */
class DemoIT {

    @Test
    void theDemoReplaysAQuarterThroughTheFrontDoorsAndAttributionMeasuresEveryCheckpoint() throws Exception {
        List<Integer> ports = LeftBehind.freePorts(PlatformEnv.PORTS);
        Map<String, String> env = PlatformEnv.onPorts("demo", ports);
        env.put("WHATMOVED_START_TIMEOUT", "240");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(printed, System.out), true, StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();

        try (DemoCommand.Run run = DemoCommand.start(
                env,
                DemoCommand.Options.parse(List.of("--exit", "--timeout", "480")),
                LocalDate.now(ZoneOffset.UTC),
                out)) {
            pids.addAll(run.platform().childPids());
            assertThat(run.startedThePlatform()).isTrue();
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
            assertThat(latest(run.outcomes().get("r17"), "checkout.orders")
                            .path("verdict")
                            .asText())
                    .isEqualTo("moved-opposite");
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
            String viewer = run.platform().token("demo-it", "read");
            URI features = run.platform().serviceUrl("features");
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
            try (ConsumerLag kafka = new ConsumerLag(run.platform().kafkaBootstrap())) {
                for (String topic : Topics.all()) {
                    if (topic.endsWith(".dlq")) {
                        assertThat(kafka.endOffsets(topic))
                                .as("records on %s", topic)
                                .isZero();
                    }
                }
            }

            // the terminal shows the tables
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text)
                    .contains("Replaying " + scenario.quarter())
                    .contains("Outputs vs outcomes, " + scenario.quarter())
                    .contains("Calibration of each team");
        }
        LeftBehind.assertNothingLeft(pids, ports);
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
