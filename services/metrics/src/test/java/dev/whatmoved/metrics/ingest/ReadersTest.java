package dev.whatmoved.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.metrics.domain.Dimensions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadersTest {

    private static Batch json(String body) {
        Batch batch = new Batch();
        PointReader.read(body.getBytes(StandardCharsets.UTF_8), batch);
        return batch;
    }

    @Test
    void anArrayBrokenHalfwayKeepsThePointsBeforeTheBreak() {
        Batch batch = json("[{\"timestamp\": \"2026-11-24T10:00:00Z\", \"value\": 1},\n {\"value\": 2}, {\"value\": ]");
        assertThat(batch.points()).hasSize(2);
        assertThat(batch.points().get(1).line).isEqualTo(2);
        assertThat(batch.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.rejection().line()).isEqualTo(2);
            assertThat(u.rejection().reason()).startsWith("malformed JSON").contains("none after");
        });
    }

    @Test
    void ndjsonLosesOnlyItsBrokenLinesAndKeepsEachPointsTextForTheDeadLetter() {
        String body = "{\"value\": 1, \"timestamp\": \"2026-11-24T10:00:00Z\"}\n{broken\n\n{\"value\": \"x\"}\n[1]\n";
        Batch batch = json(body);
        assertThat(batch.points()).hasSize(2);
        assertThat(batch.points().get(1).error).isEqualTo("value: must be a number");
        assertThat(batch.points().get(1).line).isEqualTo(4);
        PointInput first = batch.points().get(0);
        assertThat(body.substring(first.start, first.end))
                .isEqualTo("{\"value\": 1, \"timestamp\": \"2026-11-24T10:00:00Z\"}");
        assertThat(batch.unreadable()).extracting(u -> u.rejection().line()).containsExactly(2, 5);
    }

    @Test
    void ndjsonLineWithAnythingAfterItsPointIsRejectedWhole() {
        Batch batch = json("{\"value\": 1}\n{\"value\": 2} garbage\n{\"value\": 3}{\"value\": 4}\n{\"value\": 5}\n");
        assertThat(batch.points()).extracting(p -> p.value).containsExactly(1.0, 5.0);
        assertThat(batch.points()).extracting(p -> p.line).containsExactly(1, 4);
        assertThat(batch.unreadable()).extracting(u -> u.rejection().line()).containsExactly(2, 3);
        Batch twoOnOne = json("{\"value\": 1}{\"value\": 2}\n{\"value\": 3}");
        assertThat(twoOnOne.points()).extracting(p -> p.value).containsExactly(3.0);
        assertThat(twoOnOne.points()).extracting(p -> p.index).containsExactly(1);
        assertThat(twoOnOne.unreadable()).extracting(u -> u.rejection().line()).containsExactly(1);
        Batch indented = json("  {\"value\": 1} {\"value\": 2}\n");
        assertThat(indented.points()).isEmpty();
        assertThat(indented.unreadable())
                .singleElement()
                .satisfies(u -> assertThat(u.rejection().reason()).contains("unexpected content after the object"));
    }

    @Test
    void somethingThatIsNoBatchAtAllIsOneRejection() {
        assertThat(json("hello").unreadable())
                .singleElement()
                .satisfies(u -> assertThat(u.rejection().reason()).startsWith("not a batch of points"));
    }

    @Test
    void csvReadsQuotedFieldsDimensionColumnsAndNamesBadRows() {
        byte[] csv = ("\uFEFFtimestamp,value,country\r\n"
                        + "2026-11-24T10:00:00Z,1.5,\"de, north\"\r\n"
                        + "2026-11-24T10:00:00Z,2,\r\n"
                        + "2026-11-24T10:00:00Z,x,de\r\n"
                        + "2026-11-24T10:00:00Z,1\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(CsvReader.header(csv).dimensions()).containsExactly("country");
        Batch batch = new Batch();
        CsvReader.read(csv, batch);
        assertThat(batch.points()).hasSize(3);
        assertThat(batch.points().get(0).dimensions).isEqualTo(Map.of("country", "de, north"));
        assertThat(batch.points().get(1).dimensions).isNull();
        assertThat(batch.points().get(2).error).isEqualTo("value: cannot read 'x' as a number");
        assertThat(batch.points().get(2).line).isEqualTo(4);
        assertThat(batch.unreadable())
                .singleElement()
                .satisfies(u -> assertThat(u.rejection().line()).isEqualTo(5));
    }

    @Test
    void dimensionsHaveOneCanonicalFormThatReadsBack() {
        String canonical = Dimensions.canonical(Map.of("plan", "pro \"x\"", "country", "de"));
        assertThat(canonical).isEqualTo("{\"country\":\"de\",\"plan\":\"pro \\\"x\\\"\"}");
        assertThat(Dimensions.parse(canonical))
                .containsExactly(Map.entry("country", "de"), Map.entry("plan", "pro \"x\""));
        assertThat(Dimensions.parse(Dimensions.TOTAL)).isEmpty();
    }
}
