package dev.whatmoved.console.view;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The direction of a prediction as the APIs write it ({@code up} or {@code down}; for a guardrail, its good direction),
 * as a sign: the one place the console reads it.
 */
public final class Direction {

    private Direction() {}

    /** -1 when {@code prediction.direction} is {@code down}, else +1. */
    public static int sign(JsonNode prediction) {
        return "down".equals(prediction.path("direction").asText()) ? -1 : 1;
    }
}
