package dev.whatmoved.metrics.ingest;

import java.time.Instant;
import java.util.Map;

/**
 * One point as read from a request or record, before it is checked against the catalogue. A reader fills what it
 * found; {@link #error} holds the first thing that made the point unreadable (a value that is not a number, a
 * timestamp that is not ISO-8601).
 */
public final class PointInput {

    /** The metric key, or null to take the batch's (the path's, the record key's). */
    public String metric;

    public Instant timestamp;
    public Double value;
    public Double numerator;
    public Double denominator;
    public Map<String, String> dimensions;
    public String error;
    /** Observations the point stands for (an OTLP histogram's count; its value is their sum). */
    public long count = 1;
    /** Smallest and largest observation of a histogram point, when known. */
    public Double min;

    public Double max;
    /** 1-based line of the body where the point starts. */
    public int line;
    /** 0-based position of the point in its batch. */
    public int index;
    /** Where the point's text starts and ends in the body (to dead-letter exactly the rejected points). */
    public int start;

    public int end;

    /** Records the first problem only: the one a sender fixes first. */
    public void fail(String reason) {
        if (error == null) {
            error = reason;
        }
    }
}
