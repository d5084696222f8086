package dev.whatmoved.metrics.messaging;

import dev.whatmoved.metrics.model.Rejection;

/**
 * How a dead letter's {@code dead-letter-reason} names a rejected point: in a record that is a JSON array, by its
 * 0-based position in the array ({@code [2]: value: must be a finite number}, as a JSON path would); in NDJSON, by its
 * 1-based line ({@code line 3: ...}). A JSON array is mostly one line, so its line numbers would all say "line 1".
 */
final class DeadLetterReasons {

    private DeadLetterReasons() {}

    /** Whether {@code value} is a JSON array (its first byte after whitespace is {@code [}). */
    static boolean isArray(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '[';
            }
        }
        return false;
    }

    /**
     * The rejection with where it is: {@code [i]} for an element of an array (when the reader knew the element),
     * {@code line n} otherwise. A reason that begins with that label already is not labelled twice.
     */
    static String describe(boolean array, Rejection rejection) {
        String label = array && rejection.index() != null ? "[" + rejection.index() + "]" : "line " + rejection.line();
        String reason = rejection.reason();
        return reason.startsWith(label + ":") ? reason : label + ": " + reason;
    }
}
