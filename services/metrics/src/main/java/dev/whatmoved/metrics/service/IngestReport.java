package dev.whatmoved.metrics.service;

import dev.whatmoved.metrics.ingest.Rejection;
import java.util.List;

/**
 * The answer to a batch of points: how many were taken, how many not and why.
 *
 * @param accepted points now in durable rollups
 * @param rejected points (or unreadable lines) not taken
 * @param rejections the first {@value #MAX_LISTED} of them, by line, with their reasons
 */
public record IngestReport(long accepted, long rejected, List<Rejection> rejections) {

    public static final int MAX_LISTED = 1000;

    public static IngestReport of(long accepted, List<Rejection> rejections) {
        return new IngestReport(
                accepted,
                rejections.size(),
                rejections.size() <= MAX_LISTED ? rejections : List.copyOf(rejections.subList(0, MAX_LISTED)));
    }
}
