package dev.whatmoved.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.kit.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every answer names a rejected point where its sender finds it: array element, or NDJSON (CSV) line. */
class RejectionLabelsTest {

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

    @Test
    void aProblemFieldIsTheLabelThenTheFieldTheReasonNames() {
        assertThat(RejectionLabels.fieldError(true, new Rejection(1, 2, "value: must be a finite number")))
                .isEqualTo(new Problem.FieldError("[2].value", "must be a finite number"));
        assertThat(RejectionLabels.fieldError(false, new Rejection(3, 2, "value: must be a finite number")))
                .isEqualTo(new Problem.FieldError("line 3.value", "must be a finite number"));
        assertThat(RejectionLabels.fieldError(true, new Rejection(1, 4, "[4]: must be a point object")))
                .isEqualTo(new Problem.FieldError("[4]", "must be a point object"));
        assertThat(RejectionLabels.fieldError(
                        false, new Rejection(5, null, "line 5: unexpected content after the point")))
                .isEqualTo(new Problem.FieldError("line 5", "unexpected content after the point"));
        assertThat(RejectionLabels.fieldError(false, new Rejection(6, 0, "malformed JSON at column 3: unexpected")))
                .isEqualTo(new Problem.FieldError("line 6", "malformed JSON at column 3: unexpected"));
    }

    /** What the reader finds wrong in {@code record} (a point fails only when its value is not a number), labelled. */
    private static String reasons(String record) {
        byte[] value = record.getBytes(StandardCharsets.UTF_8);
        List<Rejection> rejections = new ArrayList<>();
        PointReader.read(value, new PointSink() {
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
        boolean array = RejectionLabels.isArray(value);
        return rejections.stream().map(r -> RejectionLabels.describe(array, r)).collect(Collectors.joining("; "));
    }
}
