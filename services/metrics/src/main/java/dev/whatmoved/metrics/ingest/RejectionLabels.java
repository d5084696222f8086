package dev.whatmoved.metrics.ingest;

import dev.whatmoved.kit.problem.Problem;

/**
 * How every answer names a rejected point where its sender finds it: in a body that is a JSON array, by its 0-based
 * position in the array ({@code [2]}, as a JSON path would); otherwise (NDJSON, CSV) by its 1-based line
 * ({@code line 3}). A JSON array is mostly one line, so its line numbers would all say "line 1".
 *
 * <p>The same label names the point in a dead letter's {@code dead-letter-reason} ({@code [2]: value: must be a finite
 * number}) and in a problem+json's {@code errors} ({@code field} {@code [2].value}, {@code message} {@code must be a
 * finite number}).
 */
public final class RejectionLabels {

    private RejectionLabels() {}

    /** Whether {@code body} is a JSON array (its first byte after whitespace is {@code [}). */
    public static boolean isArray(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '[';
            }
        }
        return false;
    }

    /** {@code [i]} for an element of an array (when the reader knew the element), {@code line n} otherwise. */
    public static String label(boolean array, Rejection rejection) {
        return array && rejection.index() != null ? "[" + rejection.index() + "]" : "line " + rejection.line();
    }

    /** The rejection with where it is; a reason that begins with that label already is not labelled twice. */
    public static String describe(boolean array, Rejection rejection) {
        String label = label(array, rejection);
        String reason = rejection.reason();
        return reason.startsWith(label + ":") ? reason : label + ": " + reason;
    }

    /**
     * The rejection as a problem+json field error: the label, then the field the reason names ({@code line 7.value},
     * {@code [2].dimensions.country}), and the rest of the reason as the message. A reason that names no field (a
     * line that holds no point) gives the label alone.
     */
    public static Problem.FieldError fieldError(boolean array, Rejection rejection) {
        String label = label(array, rejection);
        String reason = rejection.reason();
        String lineLabel = "line " + rejection.line();
        for (String prefix : new String[] {label, lineLabel}) {
            if (reason.startsWith(prefix + ": ")) { // the reason names the place itself
                return new Problem.FieldError(label, reason.substring(prefix.length() + 2));
            }
        }
        int colon = reason.indexOf(": ");
        if (colon < 0 || reason.substring(0, colon).contains(" ")) {
            return new Problem.FieldError(label, reason);
        }
        return new Problem.FieldError(label + "." + reason.substring(0, colon), reason.substring(colon + 2));
    }
}
