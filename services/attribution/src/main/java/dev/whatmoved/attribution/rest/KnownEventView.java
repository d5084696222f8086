package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.domain.KnownEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A known event on the calendar.
 *
 * @param metrics the metrics it applies to, sorted; empty when {@code global}
 * @param global it applies to every metric
 */
public record KnownEventView(
        UUID id,
        String name,
        String kind,
        LocalDate from,
        LocalDate to,
        List<String> metrics,
        boolean global,
        Instant createdAt) {

    public static KnownEventView of(KnownEvent event) {
        return new KnownEventView(
                event.id,
                event.name,
                event.kind,
                event.from,
                event.to,
                List.of(event.metrics),
                event.global(),
                event.createdAt);
    }
}
