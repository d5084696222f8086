package dev.whatmoved.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.metrics.domain.Aggregation;
import dev.whatmoved.metrics.domain.GoodDirection;
import dev.whatmoved.metrics.domain.MetricDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a point may hold, on every path: values of at most 1e15 in magnitude (a bucket's sum stays finite), no control
 * characters in dimensions, no key twice in a point; and what a CSV row must look like to be read at all.
 */
class InputValuesTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private final MetricDefinition sum =
            new MetricDefinition("m", "m", null, Aggregation.SUM, GoodDirection.UP, List.of("country"), null, NOW);
    private final MetricDefinition ratio =
            new MetricDefinition("r", "r", null, Aggregation.RATIO, GoodDirection.UP, List.of("country"), null, NOW);

    private String problem(PointInput point) {
        return new PointValidator(k -> k.equals("r") ? ratio : sum, NOW, Duration.ofDays(120), Duration.ofDays(1))
                .validate(point, "m")
                .reason();
    }

    private static PointInput point(double value, Map<String, String> dimensions) {
        PointInput p = new PointInput();
        p.timestamp = NOW;
        p.value = value;
        p.dimensions = dimensions == null ? null : new TreeMap<>(dimensions);
        return p;
    }

    @Test
    void valuesAreBoundedSoThatABucketsSumStaysFinite() {
        assertThat(problem(point(1e15, null))).isNull();
        assertThat(problem(point(-1e15, null))).isNull();
        assertThat(problem(point(1e308, null))).startsWith("value: ").contains("1e15");
        assertThat(problem(point(-1.000001e15, null))).startsWith("value: ");
        assertThat(problem(point(Double.POSITIVE_INFINITY, null))).isEqualTo("value: must be a finite number");

        PointInput ratioPoint = new PointInput();
        ratioPoint.metric = "r";
        ratioPoint.timestamp = NOW;
        ratioPoint.numerator = 1.0;
        ratioPoint.denominator = 1e16;
        assertThat(problem(ratioPoint)).startsWith("denominator: ");

        PointInput histogram = point(10, null);
        histogram.count = 2;
        histogram.min = 1.0;
        histogram.max = 1e300;
        assertThat(problem(histogram)).startsWith("max: ");
    }

    @Test
    void controlCharactersInDimensionsAreRefusedNamingTheDimension() {
        assertThat(problem(point(1, Map.of("country", "de north")))).isNull();
        for (String value : new String[] {"de\u0000", "de\nfr", "\u001b[31mred", "de\u007f", "de\u2028", "x\u2029"}) {
            assertThat(problem(point(1, Map.of("country", value))))
                    .as(value)
                    .startsWith("dimensions.country: the value holds the control character U+");
        }
        assertThat(problem(point(1, Map.of("coun\ttry", "de"))))
                .isEqualTo("dimensions.coun\\u0009try: the name holds the control character U+0009");
    }

    @Test
    void aKeyTwiceInAPointIsRefusedNamingTheKeyWhicheverReaderReadsIt() {
        String[] bodies = {
            "[{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1, \"value\": 1e308}]",
            "{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1, \"value\": 2}\n",
            "[{\"metric\": \"m\", \"metric\": \"other\", \"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1}]",
            "[{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1, \"note\": \"a\", \"note\": \"b\"}]",
            "[{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1, \"dimensions\": {\"country\": \"de\","
                    + " \"country\": \"fr\"}}]",
        };
        String[] keys = {"value", "value", "metric", "note", "dimensions.country"};
        for (int k = 0; k < bodies.length; k++) {
            byte[] body = bodies[k].getBytes(StandardCharsets.UTF_8);
            assertThat(FastPointReader.read(body, 0, body.length, new Batch()))
                    .as("the fast reader leaves it to the general parser: " + bodies[k])
                    .isFalse();
            Batch batch = new Batch();
            String key = keys[k];
            PointReader.read(body, batch);
            assertThat(batch.points()).as(bodies[k]).singleElement().satisfies(p -> assertThat(p.error)
                    .isNotNull()
                    .startsWith(key + ": appears twice"));
        }
        byte[] once = "[{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1, \"note\": \"a\", \"nota\": \"b\"}]"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(FastPointReader.read(once, 0, once.length, new Batch())).isTrue();
    }

    @Test
    void aCsvRowThatCannotBeReadIsNamedAsSuch() {
        byte[] csv = ("timestamp,value,country\n"
                        + "2026-11-24T10:00:00Z,1.5,\"de, north\"\n" // 2: fine
                        + "2026-11-24T10:00:00Z,5d,de\n" // 3: Java reads 5d as 5.0
                        + "2026-11-24T10:00:00Z,0x1p3,de\n" // 4: and this as 8.0
                        + "2026-11-24T10:00:00Z,NaN,de\n" // 5
                        + "2026-11-24T10:00:00Z,\"2\"x,de\n" // 6: text after a closing quote
                        + "2026-11-24T10:00:00Z,+.5e1,de\n" // 7: fine
                        + "2026-11-24T10:00:00Z,\"3,de\n" // 8: never closed
                        + "2026-11-24T10:00:00Z,4,de\n")
                .getBytes(StandardCharsets.UTF_8);
        Batch batch = new Batch();
        MalformedRows malformed = new MalformedRows(batch);
        CsvReader.read(csv, malformed);
        assertThat(malformed.rows())
                .extracting(Rejection::line, Rejection::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, "value: cannot read '5d' as a number"),
                        org.assertj.core.groups.Tuple.tuple(4, "value: cannot read '0x1p3' as a number"),
                        org.assertj.core.groups.Tuple.tuple(5, "value: cannot read 'NaN' as a number"),
                        org.assertj.core.groups.Tuple.tuple(
                                6,
                                "line 6: text after the closing quote of field 2 (a quote inside a quoted field is"
                                        + " written twice: \"\")"),
                        org.assertj.core.groups.Tuple.tuple(
                                8,
                                "line 8: the quote that opens field 2 is never closed (the rest of the file would be"
                                        + " one field)"));
        assertThat(batch.points())
                .filteredOn(p -> p.error == null)
                .extracting(p -> p.value)
                .containsExactly(1.5, 5.0);
    }
}
