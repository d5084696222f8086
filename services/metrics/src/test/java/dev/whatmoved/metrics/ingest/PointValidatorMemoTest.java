package dev.whatmoved.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.metrics.domain.Aggregation;
import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.GoodDirection;
import dev.whatmoved.metrics.domain.MetricDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A dimension combination shared by many points ({@link DimensionMap}) is checked once per metric definition; every
 * result and reason stays what a plain map of the same dimensions gets, however often and in whatever order it is
 * checked against which metrics.
 */
class PointValidatorMemoTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private final Map<String, MetricDefinition> catalogue = new HashMap<>();
    private final List<String> admitted = new ArrayList<>();

    private MetricDefinition metric(String key, String... dimensions) {
        MetricDefinition metric =
                new MetricDefinition(key, key, null, Aggregation.SUM, GoodDirection.UP, List.of(dimensions), null, NOW);
        catalogue.put(key, metric);
        return metric;
    }

    private PointValidator validator() {
        return new PointValidator(
                catalogue::get, NOW, Duration.ofDays(120), Duration.ofDays(1), new PointValidator.Admission() {
                    @Override
                    public boolean admit(String metric, String dimensions) {
                        admitted.add(metric + " " + dimensions);
                        return !dimensions.contains("blocked");
                    }

                    @Override
                    public int limit() {
                        return 7;
                    }
                });
    }

    /** The points of {@code body} read by the fast reader, whose dimensions are shared maps. */
    private static List<PointInput> read(String body) {
        Batch batch = new Batch();
        assertThat(FastPointReader.read(body.getBytes(StandardCharsets.UTF_8), 0, body.length(), batch))
                .isTrue();
        return batch.points();
    }

    /** The same point with a plain map of the same dimensions. */
    private static PointInput plain(PointInput shared) {
        PointInput p = new PointInput();
        p.timestamp = shared.timestamp;
        p.value = shared.value;
        p.dimensions = shared.dimensions == null ? null : new TreeMap<>(shared.dimensions);
        return p;
    }

    @Test
    void aSharedCombinationGetsThePlainMapsResultsAndReasonsForEveryMetric() {
        metric("both", "country", "plan");
        metric("country.only", "country");
        metric("none");
        metric("other", "plan", "device");
        String longValue = "x".repeat(PointValidator.MAX_DIMENSION_VALUE + 1);
        String body = "{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1, \"dimensions\": {\"country\": \"de\","
                + " \"plan\": \"pro\"}}\n"
                + "{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 2, \"dimensions\": {\"country\": \"de\"}}\n"
                + "{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 3, \"dimensions\": {\"country\": \"\"}}\n"
                + "{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 4, \"dimensions\": {\"plan\": \"" + longValue
                + "\"}}\n"
                + "{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 5, \"dimensions\": {\"plan\": \"blocked\"}}\n"
                + "{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 6, \"dimensions\": {}}\n";
        List<PointInput> points = read(body);
        PointValidator validator = validator();
        // several rounds, metrics in changing order: the memo must never carry a result over to another metric
        for (int round = 0; round < 3; round++) {
            for (String key : round == 1
                    ? List.of("other", "none", "country.only", "both")
                    : List.of("both", "country.only", "none", "other")) {
                for (PointInput point : points) {
                    PointValidator.Result shared = validator.validate(point, key);
                    PointValidator.Result expected = validator().validate(plain(point), key);
                    assertThat(shared.reason()).as(key + " " + point.dimensions).isEqualTo(expected.reason());
                    assertThat(shared.point()).as(key + " " + point.dimensions).isEqualTo(expected.point());
                    if (shared.point() != null && point.dimensions instanceof DimensionMap map && !map.isEmpty()) {
                        // the very canonical instance of the shared map
                        assertThat(shared.point().dimensions()).isSameAs(map.canonical());
                    }
                }
            }
        }
        assertThat(validator().validate(points.get(0), "both").point().dimensions())
                .isEqualTo(Dimensions.canonical(new TreeMap<>(Map.of("country", "de", "plan", "pro"))));
    }

    @Test
    void theAdmissionIsAskedOnceForASharedCombinationItTookAndForEveryPointOfOneItRefused() {
        metric("both", "country", "plan");
        List<PointInput> points = read("[{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1, \"dimensions\":"
                + " {\"country\": \"de\"}}, {\"timestamp\": \"2026-11-24T10:00:01Z\", \"value\": 1, \"dimensions\":"
                + " {\"country\": \"de\"}}, {\"timestamp\": \"2026-11-24T10:00:02Z\", \"value\": 1, \"dimensions\":"
                + " {\"plan\": \"blocked\"}}, {\"timestamp\": \"2026-11-24T10:00:03Z\", \"value\": 1, \"dimensions\":"
                + " {\"plan\": \"blocked\"}}]");
        assertThat(points.get(1).dimensions).isSameAs(points.get(0).dimensions);
        PointValidator validator = validator();
        List<String> reasons = new ArrayList<>();
        points.forEach(p -> reasons.add(validator.validate(p, "both").reason()));
        assertThat(reasons.get(0)).isNull();
        assertThat(reasons.get(1)).isNull();
        assertThat(reasons.get(2)).startsWith("dimensions: both already has 7 dimension combinations");
        assertThat(reasons.get(3)).isEqualTo(reasons.get(2));
        assertThat(admitted)
                .containsExactly(
                        "both {\"country\":\"de\"}", "both {\"plan\":\"blocked\"}", "both {\"plan\":\"blocked\"}");

        // another admission (another service's limit, a test's) is asked for itself
        validator().validate(points.get(0), "both");
        assertThat(admitted).hasSize(4).last().isEqualTo("both {\"country\":\"de\"}");
    }
}
