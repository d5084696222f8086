package dev.whatmoved.notify.rest;

import dev.whatmoved.notify.repository.DeliveryRepository.DeliveryRow;
import java.time.Instant;
import java.util.UUID;

/**
 * One delivery of a notification to a rule's receiver.
 *
 * @param eventId the CloudEvents id of the event that caused it
 * @param status {@code pending} (to send, maybe after a backoff), {@code delivered} or {@code failed} (given up)
 * @param nextAttemptAt when a pending delivery is tried next
 */
public record DeliveryView(
        UUID id,
        UUID ruleId,
        String eventId,
        String kind,
        String status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        String lastError) {

    static DeliveryView of(DeliveryRow row) {
        return new DeliveryView(
                row.id(),
                row.ruleId(),
                row.eventId(),
                row.kind(),
                row.status(),
                row.attempts(),
                row.createdAt(),
                row.nextAttemptAt(),
                row.deliveredAt(),
                row.lastError());
    }
}
