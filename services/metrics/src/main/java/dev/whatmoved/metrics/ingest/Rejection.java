package dev.whatmoved.metrics.ingest;

/**
 * A point (or line) that was not taken, and why.
 *
 * @param line 1-based line of the body (for CSV: of the file, the header being line 1)
 * @param index 0-based position of the point in its batch; null when the line held no readable point
 * @param reason what is wrong, naming the field, e.g. {@code value: must be a finite number}
 */
public record Rejection(int line, Integer index, String reason) {}
