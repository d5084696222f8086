package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.metrics.ingest.PointInput;
import dev.whatmoved.metrics.ingest.PointSink;
import dev.whatmoved.metrics.ingest.Rejection;
import java.util.List;

/**
 * Over HTTP a body that is not well-formed JSON (an array with a syntax error, or content after it) is refused whole
 * with {@code 400 malformed-json}, before anything is written: the sender learns at once that the body is broken,
 * instead of getting the points before the error taken. (A Kafka record keeps them: there is nobody to answer.)
 */
final class RefuseMalformed implements PointSink {

    private final PointSink next;

    RefuseMalformed(PointSink next) {
        this.next = next;
    }

    @Override
    public void point(PointInput point) {
        next.point(point);
    }

    @Override
    public void unreadable(Rejection rejection, int start, int end) {
        next.unreadable(rejection, start, end);
    }

    @Override
    public void malformed(Rejection rejection, int start, int end) {
        String reason = rejection.reason().replace(" (points before it were read, none after)", "");
        throw new ProblemException(
                400,
                "malformed-json",
                "Malformed JSON",
                "the body is not valid JSON, so nothing was taken: line " + rejection.line() + ": " + reason,
                List.of());
    }
}
