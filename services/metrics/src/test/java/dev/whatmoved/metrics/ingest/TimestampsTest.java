package dev.whatmoved.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void readsTheCommonShapesExactlyAsTheJdkDoes() {
        for (String text : new String[] {
            "2026-11-24T10:15:30Z",
            "2026-11-24T10:15:30.123Z",
            "2026-11-24T10:15:30.123456789Z",
            "2026-11-24T10:15:30.1+02:00",
            "2026-11-24T00:30:00-05:30",
            "2024-02-29T23:59:59+14:00",
            "1969-12-31T23:59:59.999Z"
        }) {
            assertThat(Timestamps.parse(text))
                    .as(text)
                    .isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void rejectsTimestampsWithoutAnOffsetAndImpossibleDates() {
        for (String text :
                new String[] {"2026-11-24T10:15:30", "2026-11-24", "2026-02-30T10:00:00Z", "yesterday", ""}) {
            assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void fallsBackToTheJdkForRareShapes() {
        assertThat(Timestamps.parse("2026-11-24T10:15Z")).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
    }
}
