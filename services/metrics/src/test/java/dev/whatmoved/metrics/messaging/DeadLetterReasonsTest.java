package dev.whatmoved.metrics.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.metrics.model.PointInput;
import dev.whatmoved.metrics.model.PointReader;
import dev.whatmoved.metrics.model.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dead-letter reason names each rejected point where a sender finds it: array element or NDJSON line. */
class DeadLetterReasonsTest {

    @Test
    void elementsOfAJsonArrayAreNamedByTheirZeroBasedIndex() {
        String record = "[{\"value\": 1}, {\"value\": \"x\"}, 7, {\"value\": 2}, {\"value\": true}]";
        assertThat(reasons(record))
                .isEqualTo("[1]: value: must be a number; [2]: must be a point object; [4]: value: must be a number");
    }

    @Test
    void aPrettyPrintedArrayIsNamedByIndexToo() {
        String record = "  [\n  {\"value\": 1},\n  {\"value\": \"x\"}\n]\n";
        assertThat(reasons(record)).isEqualTo("[1]: value: must be a number");
    }

    @Test
    void ndjsonKeepsItsLineNumbersWithoutSayingThemTwice() {
        String record = "{\"value\": 1}\n{\"value\": \"x\"}\n[1]\n";
        assertThat(reasons(record)).isEqualTo("line 2: value: must be a number; line 3: must be a point object");
    }

    @Test
    void aBrokenArrayNamesTheLineOfTheBreak() {
        String record = "[{\"value\": 1},\n {\"value\": ]";
        assertThat(reasons(record)).startsWith("line 2: malformed JSON");
    }

    /** What the reader finds wrong in {@code record} (a point fails only when its value is not a number), labelled. */
    private static String reasons(String record) {
        byte[] value = record.getBytes(StandardCharsets.UTF_8);
        List<Rejection> rejections = new ArrayList<>();
        PointReader.read(value, new dev.whatmoved.metrics.model.PointSink() {
            @Override
            public void point(PointInput point) {
                if (point.error != null) {
                    rejections.add(new Rejection(point.line, point.index, point.error));
                }
            }

            @Override
            public void unreadable(Rejection rejection, int start, int end) {
                rejections.add(rejection);
            }
        });
        boolean array = DeadLetterReasons.isArray(value);
        return rejections.stream()
                .map(r -> DeadLetterReasons.describe(array, r))
                .collect(Collectors.joining("; "));
    }
}
