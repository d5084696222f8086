package dev.whatmoved.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whatmoved.attribution.rest.KnownEventCsv;
import dev.whatmoved.attribution.rest.KnownEventRequest;
import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a calendar of known events from CSV: quoting, line numbers, the header and what cannot be read. */
class KnownEventCsvTest {

    @Test
    void readsQuotedFieldsInAnyColumnOrderWithTheLineEachRowStartsOn() {
        List<KnownEventCsv.Row> rows = read(
                """
                kind,From,to,name,metrics
                holiday,2026-12-24,2026-12-26,"Christmas, and ""Boxing Day\""",
                campaign,2026-11-27,2026-11-30,"Black
                Friday", checkout.conversions ; checkout.revenue ;;

                other,2026-01-01,2026-01-01,New Year,a.b
                """);
        assertThat(rows).extracting(KnownEventCsv.Row::line).containsExactly(2, 3, 6);
        assertThat(rows).extracting(KnownEventCsv.Row::unreadable).containsOnlyNulls();
        assertThat(rows.get(0).event())
                .isEqualTo(new KnownEventRequest(
                        "Christmas, and \"Boxing Day\"", "holiday", "2026-12-24", "2026-12-26", List.of()));
        assertThat(rows.get(1).event().name()).isEqualTo("Black\nFriday");
        assertThat(rows.get(1).event().metrics()).containsExactly("checkout.conversions", "checkout.revenue");
        assertThat(rows.get(2).field()).isEqualTo("line[6]");
    }

    @Test
    void takesAByteOrderMarkAndCrLfAndNoMetricsColumn() {
        List<KnownEventCsv.Row> rows = read(
                "\uFEFFname,kind,from,to\r\nOutage,incident,2026-03-01,2026-03-02\r\n\r\nX,other,2026-03-05,2026-03-05");
        assertThat(rows).extracting(KnownEventCsv.Row::line).containsExactly(2, 4);
        assertThat(rows.get(0).event().metrics()).isEmpty();
        assertThat(rows.get(1).event().from()).isEqualTo("2026-03-05");
    }

    @Test
    void reportsRowsItCannotReadByLine() {
        List<KnownEventCsv.Row> rows = read(
                """
                name,kind,from,to
                "a"b,other,2026-01-01,2026-01-01
                short,other
                "never closed,other,2026-01-01,2026-01-01
                """);
        assertThat(rows)
                .extracting(KnownEventCsv.Row::line, KnownEventCsv.Row::unreadable)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "text after a closing quote"),
                        org.assertj.core.groups.Tuple.tuple(3, "has 2 fields, the header 4"),
                        org.assertj.core.groups.Tuple.tuple(4, "a quoted field is not closed"));
    }

    @Test
    void aBadHeaderOrBodyIsNamed() {
        assertInvalid("", "header", "the body is empty");
        assertInvalid("name,kind,from,until\n", "header", "unknown column 'until'");
        assertInvalid("name,kind,from,to,name\n", "header", "appears twice");
        assertInvalid("name,kind,to\n", "header", "no 'from' column");
        assertInvalid("name,kind,from,to\n\n", "body", "holds no event");
        assertInvalid("name,kind,from,to\n" + "x,other,2026-01-01,2026-01-01\n".repeat(1001), "body", "at most 1000");
        assertThatThrownBy(() -> KnownEventCsv.read(new byte[] {'n', (byte) 0xC3, '\n'}))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field)
                        .containsExactly("body"));
    }

    private static List<KnownEventCsv.Row> read(String csv) {
        return KnownEventCsv.read(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalid(String csv, String field, String message) {
        assertThatThrownBy(() -> read(csv)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo(field);
                assertThat(error.message()).contains(message);
            });
        });
    }
}
