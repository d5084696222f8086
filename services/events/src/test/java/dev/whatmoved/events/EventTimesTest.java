package dev.whatmoved.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class EventTimesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsRfc3339WithinTheYears1970To9999() {
        assertThat(EventTimes.parse("2026-11-24T10:15:30Z")).isEqualTo(Instant.parse("2026-11-24T10:15:30Z"));
        assertThat(EventTimes.parse("2026-11-24t11:15:30.123456789+01:00"))
                .isEqualTo(Instant.parse("2026-11-24T10:15:30.123456789Z"));
        assertThat(EventTimes.parse("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
        assertThat(EventTimes.parse("9999-12-31T23:59:59Z")).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void refusesWhatNoEventCanCarry() {
        for (String text : new String[] {
            "+1000000000-01-01T00:00:00Z", // year 1,000,000,000 (Java reads it)
            "-5000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "9999-12-31T23:00:00-05:00", // year 10000 in UTC
            "2026-02-30T10:00:00Z",
            "2026-11-24T10:15Z", // RFC 3339 needs seconds
            "2026-11-24T10:15:30", // and an offset
            "2026-11-24T10:15:30.1234567890Z", // finer than nanoseconds
            "1e400",
            "Infinity",
            ""
        }) {
            assertThatThrownBy(() -> EventTimes.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void theSchemasRefuseWhatEventTimesRefuses() throws Exception {
        ObjectNode release = (ObjectNode)
                json.readTree(
                        """
                {"releaseId": "0b9e7f4e-8d5c-4a57-9a59-0d6a3c1c1f10", "service": "checkout", "version": "1.4.2",
                 "environment": "production", "deployedAt": "2026-11-20T10:15:00Z", "features": [], "source": "api"}
                """);
        assertThat(EventSchemas.violations(EventType.RELEASE_DEPLOYED, release)).isEmpty();
        for (String deployedAt :
                new String[] {"+169108099-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "0216-01-01T00:00:00Z"}) {
            release.put("deployedAt", deployedAt);
            assertThat(EventSchemas.violations(EventType.RELEASE_DEPLOYED, release))
                    .as(deployedAt)
                    .anySatisfy(v -> assertThat(v).contains("deployedAt"));
        }
    }

    @Test
    void predictionsNumbersMustBeFiniteAndWithinTheSchemasRange() throws Exception {
        ObjectNode committed = (ObjectNode)
                json.readTree(
                        """
                {"key": "one-click", "committedAt": "2026-11-20T10:15:00Z", "predictions": [
                  {"number": 1, "version": 1, "metric": "signups", "direction": "up", "expectedChangePct": 5,
                   "lowPct": -2, "highPct": 12, "confidence": 0.8, "horizonDays": 30, "guardrail": false}]}
                """);
        assertThat(EventSchemas.violations(EventType.FEATURE_COMMITTED, committed))
                .isEmpty();
        ObjectNode prediction = (ObjectNode) committed.get("predictions").get(0);
        prediction.put("expectedChangePct", 1e300);
        assertThat(EventSchemas.violations(EventType.FEATURE_COMMITTED, committed))
                .singleElement()
                .asString()
                .contains("expectedChangePct");
        prediction.put("expectedChangePct", Double.POSITIVE_INFINITY);
        prediction.put("lowPct", Double.NaN);
        assertThat(EventSchemas.violations(EventType.FEATURE_COMMITTED, committed))
                .anySatisfy(
                        v -> assertThat(v).contains("$.predictions[0].lowPct").contains("finite"))
                .anySatisfy(v -> assertThat(v).contains("$.predictions[0].expectedChangePct"));
    }
}
