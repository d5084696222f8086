package dev.whatmoved.attribution.model;

/**
 * The direction a prediction says its metric moves ({@code up} or {@code down}); for a guardrail, its good direction.
 * The one place that turns the word of the events and the API into a sign.
 */
public enum Direction {
    UP,
    DOWN;

    /** {@code down} is DOWN; anything else (the events carry only {@code up} and {@code down}) is UP. */
    public static Direction of(String word) {
        return "down".equals(word) ? DOWN : UP;
    }

    /** Whether {@code word} names a direction: exactly {@code up} or {@code down}. */
    public static boolean isWord(String word) {
        return "up".equals(word) || "down".equals(word);
    }

    /** +1 for up, -1 for down: a change times the sign is positive when it goes the predicted way. */
    public int sign() {
        return this == DOWN ? -1 : 1;
    }

    /** The sign of {@code word}'s direction. */
    public static int sign(String word) {
        return of(word).sign();
    }
}
