package dev.whatmoved.metrics.model;

/** Receives what a reader found in a body: points to check and lines it could not read. */
public interface PointSink {

    void point(PointInput point);

    /**
     * A part of the body that holds no readable point.
     *
     * @param start where that part starts in the body
     * @param end where it ends (exclusive)
     */
    void unreadable(Rejection rejection, int start, int end);
}
