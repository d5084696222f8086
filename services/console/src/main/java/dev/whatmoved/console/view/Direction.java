package dev.whatmoved.console.view;

/**
 * The direction of a prediction as the APIs write it ({@code up} or {@code down}; for a guardrail, its good direction),
 * as a sign: the one place the console reads it.
 */
public final class Direction {

    private Direction() {}

    /** -1 when {@code direction} is {@code down}, else +1 (also when it is missing). */
    public static int sign(String direction) {
        return "down".equals(direction) ? -1 : 1;
    }
}
