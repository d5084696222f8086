package dev.whatmoved.metrics.ingest;

import java.util.ArrayList;
import java.util.List;

/** What a reader found in one body or record: points to check, and parts that held no readable point. */
public final class Batch implements PointSink {

    /** A part of the body that was rejected before any point could be read from it. */
    public record Unreadable(Rejection rejection, int start, int end) {}

    private final List<PointInput> points = new ArrayList<>();
    private final List<Unreadable> unreadable = new ArrayList<>();

    @Override
    public void point(PointInput point) {
        points.add(point);
    }

    @Override
    public void unreadable(Rejection rejection, int start, int end) {
        unreadable.add(new Unreadable(rejection, start, end));
    }

    public List<PointInput> points() {
        return points;
    }

    public List<Unreadable> unreadable() {
        return unreadable;
    }
}
