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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A point's dimension combination may take at most {@link PointValidator#MAX_DIMENSIONS_BYTES} bytes as stored (its
 * canonical JSON in UTF-8), so that its rollup key always fits the rollup table's primary key; counted exactly, on
 * plain and shared maps alike, before the cardinality limit counts the combination.
 */
class DimensionsSizeLimitTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final List<String> NAMES =
            IntStream.range(0, 10).mapToObj(i -> "d" + i).toList();

    private final List<String> admitted = new ArrayList<>();
    private final MetricDefinition metric =
            new MetricDefinition("m", "m", null, Aggregation.SUM, GoodDirection.UP, NAMES, null, NOW);

    private PointValidator validator() {
        return new PointValidator(
                key -> metric, NOW, Duration.ofDays(120), Duration.ofDays(1), new PointValidator.Admission() {
                    @Override
                    public boolean admit(String m, String dimensions) {
                        admitted.add(dimensions);
                        return true;
                    }

                    @Override
                    public int limit() {
                        return 1000;
                    }
                });
    }

    private static PointInput point(Map<String, String> dimensions) {
        PointInput p = new PointInput();
        p.metric = "m";
        p.timestamp = NOW;
        p.value = 1.0;
        p.dimensions = dimensions;
        return p;
    }

    /** Ten dimensions whose canonical form takes exactly {@code bytes} bytes, padded with {@code pad}. */
    private static Map<String, String> dimensionsOf(int bytes, String pad) {
        Map<String, String> dims = new TreeMap<>();
        NAMES.forEach(n -> dims.put(n, "v"));
        int missing = bytes - utf8(Dimensions.canonical(dims));
        int padBytes = utf8(Dimensions.canonical(Map.of("k", pad))) - utf8(Dimensions.canonical(Map.of("k", "")));
        for (String n : NAMES) {
            StringBuilder value = new StringBuilder("v");
            while (missing >= padBytes && value.length() + pad.length() <= PointValidator.MAX_DIMENSION_VALUE) {
                value.append(pad);
                missing -= padBytes;
            }
            while (missing > 0 && value.length() < PointValidator.MAX_DIMENSION_VALUE) {
                value.append('a');
                missing--;
            }
            dims.put(n, value.toString());
        }
        assertThat(utf8(Dimensions.canonical(dims))).isEqualTo(bytes);
        return dims;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void encodedLengthIsTheUtf8LengthOfTheCanonicalForm() {
        for (String s : List.of("{}", "{\"a\":\"b\"}", "é", "€uro", "😀x", "\u0001", "a\"b\\c")) {
            String canonical = Dimensions.canonical(Map.of("k", s));
            assertThat(Dimensions.encodedLength(canonical))
                    .as(s)
                    .isEqualTo(canonical.getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(Dimensions.encodedLength("\uD800"))
                .as("an unpaired surrogate, at its longest")
                .isEqualTo(3);
    }

    @Test
    void aCombinationOfTheLimitIsTakenOneByteMoreIsNot() {
        // (a control character, 6 bytes as stored, is refused before its size counts: InputValuesTest)
        for (String pad : List.of("a", "é", "€", "😀", "\"", "\\")) {
            Map<String, String> fits = dimensionsOf(PointValidator.MAX_DIMENSIONS_BYTES, pad);
            assertThat(validator().validate(point(fits), null).reason()).as(pad).isNull();

            Map<String, String> over = dimensionsOf(PointValidator.MAX_DIMENSIONS_BYTES + 1, pad);
            admitted.clear();
            assertThat(validator().validate(point(over), null).reason())
                    .as(pad)
                    .isEqualTo("dimensions: 1,025 bytes in all, at most 1,024 (names and values as stored:"
                            + " {\"name\":\"value\",...} in UTF-8)");
            assertThat(admitted).as("not counted against the cardinality limit").isEmpty();
        }
    }

    @Test
    void tenValuesOf200CharactersAreRejectedAlsoAsASharedCombination() {
        StringBuilder dims = new StringBuilder();
        for (String n : NAMES) {
            dims.append(dims.isEmpty() ? "" : ", ")
                    .append('"')
                    .append(n)
                    .append("\": \"")
                    .append("x".repeat(PointValidator.MAX_DIMENSION_VALUE))
                    .append('"');
        }
        String line = "{\"timestamp\": \"" + NOW + "\", \"value\": 1, \"dimensions\": {" + dims + "}}\n";
        String body = line + line;
        Batch batch = new Batch();
        assertThat(FastPointReader.read(body.getBytes(StandardCharsets.UTF_8), 0, body.length(), batch))
                .isTrue();
        assertThat(batch.points().get(0).dimensions).isInstanceOf(DimensionMap.class);
        PointValidator validator = validator();
        for (PointInput p : batch.points()) {
            assertThat(validator.validate(p, "m").reason()).startsWith("dimensions: 2,081 bytes in all, at most 1,024");
        }
        assertThat(admitted).isEmpty();
    }
}
