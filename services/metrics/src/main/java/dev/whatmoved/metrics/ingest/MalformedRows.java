package dev.whatmoved.metrics.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Passes what a reader finds on to the next sink, keeping the rows the reader itself could not read: a wrong number of
 * fields, an unclosed quote, a value that is no number, a timestamp that is none. A file with such rows is a broken
 * file, refused whole (400 naming each line), not a file with some invalid points.
 */
public final class MalformedRows implements PointSink {

    private final PointSink next;
    private final List<Rejection> rows = new ArrayList<>();

    public MalformedRows(PointSink next) {
        this.next = next;
    }

    @Override
    public void point(PointInput point) {
        if (point.error != null) {
            rows.add(new Rejection(point.line, point.index, point.error));
        }
        next.point(point);
    }

    @Override
    public void unreadable(Rejection rejection, int start, int end) {
        rows.add(rejection);
        next.unreadable(rejection, start, end);
    }

    /** The malformed rows, in the order of the file. */
    public List<Rejection> rows() {
        return rows;
    }
}
