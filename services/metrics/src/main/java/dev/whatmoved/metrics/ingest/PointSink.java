package dev.whatmoved.metrics.ingest;

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

    /**
     * The body is not well-formed (a JSON array with a syntax error, or content after it): what follows the error
     * cannot be delimited. By default the rest of the body is one unreadable part (the points before it were handed
     * on); a sink that takes a body whole or not at all refuses it here.
     */
    default void malformed(Rejection rejection, int start, int end) {
        unreadable(rejection, start, end);
    }
}
