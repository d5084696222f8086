package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.KnownEventInput;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A known event to put on the calendar. Dates are strings here so that a bad one is answered with the field's name.
 *
 * @param name what happened (at most 200 characters, no control characters)
 * @param kind {@code holiday}, {@code campaign}, {@code incident} or {@code other}
 * @param from its first day, an ISO date (UTC day, inclusive)
 * @param to its last day (inclusive); at most 366 days after {@code from}
 * @param metrics the metrics whose days it empties (at most 100); absent or empty: every metric
 */
public record KnownEventRequest(
        @Schema(examples = "Black Friday") String name,
        @Schema(
                        examples = "holiday",
                        enumeration = {"holiday", "campaign", "incident", "other"})
                String kind,
        @Schema(examples = "2026-11-27", format = "date") String from,
        @Schema(examples = "2026-11-30", format = "date") String to,
        List<String> metrics) {

    KnownEventInput toInput() {
        return new KnownEventInput(name, kind, from, to, metrics);
    }
}
