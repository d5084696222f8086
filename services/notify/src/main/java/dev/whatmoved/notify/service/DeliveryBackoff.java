package dev.whatmoved.notify.service;

import java.time.Duration;

/** Exponential backoff of a delivery: {@code initial × 2^(failures − 1)}, capped at {@code max}. */
public record DeliveryBackoff(Duration initial, Duration max) {

    /** The pause after the {@code failures}-th failed attempt (1 for the first). */
    public Duration after(int failures) {
        if (failures <= 1) {
            return initial.compareTo(max) < 0 ? initial : max;
        }
        int doublings = Math.min(failures - 1, 40);
        double millis = initial.toMillis() * Math.pow(2, doublings);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
