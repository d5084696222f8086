package dev.whatmoved.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BucketingTest {

    @Test
    void utcHoursAndDays() {
        Bucketing utc = new Bucketing(ZoneOffset.UTC);
        Instant t = Instant.parse("2026-11-24T10:15:30Z");
        assertThat(Instant.ofEpochSecond(utc.hourStart(t))).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(Instant.ofEpochSecond(utc.dayStart(t))).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        Instant before1970 = Instant.parse("1969-12-31T23:30:00Z");
        assertThat(Instant.ofEpochSecond(utc.dayStart(before1970))).isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
    }

    @Test
    void aReportingZoneMovesTheDayBoundaryAndHalfHourZonesTheHours() {
        Bucketing berlin = new Bucketing(ZoneId.of("Europe/Berlin"));
        // 23:30 UTC on the 24th is 00:30 on the 25th in Berlin (winter, +01:00)
        Instant t = Instant.parse("2026-11-24T23:30:00Z");
        assertThat(Instant.ofEpochSecond(berlin.dayStart(t))).isEqualTo(Instant.parse("2026-11-24T23:00:00Z"));
        Bucketing india = new Bucketing(ZoneId.of("Asia/Kolkata"));
        assertThat(Instant.ofEpochSecond(india.hourStart(Instant.parse("2026-11-24T10:15:00Z"))))
                .isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
    }

    @Test
    void theRepeatedHourOfADaylightSavingChangeStaysTwoBucketsAndTheDayHas25Hours() {
        Bucketing berlin = new Bucketing(ZoneId.of("Europe/Berlin"));
        // 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET; 02:xx happens twice
        Instant first = Instant.parse("2026-10-25T00:30:00Z"); // 02:30 CEST
        Instant second = Instant.parse("2026-10-25T01:30:00Z"); // 02:30 CET
        assertThat(berlin.hourStart(first)).isNotEqualTo(berlin.hourStart(second));
        assertThat(berlin.dayStart(first)).isEqualTo(berlin.dayStart(second));
        long dayStart = berlin.dayStart(first);
        long nextDay = berlin.dayStart(Instant.parse("2026-10-25T23:30:00Z"));
        assertThat(nextDay - dayStart).isEqualTo(25 * 3600);
    }
}
