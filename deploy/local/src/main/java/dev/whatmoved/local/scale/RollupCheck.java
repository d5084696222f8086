package dev.whatmoved.local.scale;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every series the points made through {@code GET /api/metrics/{key}/series} (hour and day, the total and each
 * dimension combination) and compares every bucket's sum and count with what was produced, exactly.
 */
final class RollupCheck {

    /** One bucket that differs: absent on one side is a count of 0. */
    record Mismatch(
            String metric,
            String granularity,
            String dims,
            Instant start,
            long expectedSum,
            long expectedCount,
            double actualSum,
            long actualCount) {

        @Override
        public String toString() {
            return metric + " " + granularity + " [" + (dims.isEmpty() ? "total" : dims) + "] " + start
                    + ": expected sum="
                    + expectedSum + " count=" + expectedCount + ", got sum=" + actualSum + " count=" + actualCount
                    + " (count off by " + (actualCount - expectedCount) + ")";
        }
    }

    record Outcome(int series, int buckets, List<Mismatch> mismatches) {}

    private final Api api;
    private final URI metrics;

    RollupCheck(Api api, URI metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    Outcome check(ExpectedRollups expected, LocalDate from, LocalDate to) {
        List<Mismatch> mismatches = new ArrayList<>();
        int series = 0;
        int buckets = 0;
        for (String metric : expected.metrics()) {
            for (String dims : expected.combinations(metric)) {
                for (String granularity : ExpectedRollups.GRANULARITIES) {
                    Map<Instant, ExpectedRollups.Totals> want = expected.series(metric, granularity, dims);
                    Map<Instant, double[]> got = read(metric, granularity, dims, from, to);
                    series++;
                    buckets += want.size();
                    TreeMap<Instant, Boolean> starts = new TreeMap<>();
                    want.keySet().forEach(s -> starts.put(s, true));
                    got.keySet().forEach(s -> starts.put(s, true));
                    for (Instant start : starts.keySet()) {
                        ExpectedRollups.Totals w = want.get(start);
                        double[] g = got.get(start);
                        long wantSum = w == null ? 0 : w.sum;
                        long wantCount = w == null ? 0 : w.count;
                        double gotSum = g == null ? 0 : g[0];
                        long gotCount = g == null ? 0 : (long) g[1];
                        if (gotSum != (double) wantSum || gotCount != wantCount) {
                            mismatches.add(new Mismatch(
                                    metric, granularity, dims, start, wantSum, wantCount, gotSum, gotCount));
                        }
                    }
                }
            }
        }
        return new Outcome(series, buckets, mismatches);
    }

    private Map<Instant, double[]> read(String metric, String granularity, String dims, LocalDate from, LocalDate to) {
        String query = "?from=" + from + "&to=" + to + "&granularity=" + granularity
                + (dims.isEmpty() ? "" : "&dims=" + URLEncoder.encode(dims, StandardCharsets.UTF_8));
        JsonNode series = api.get(metrics.resolve("/api/metrics/" + metric + "/series" + query));
        Map<Instant, double[]> buckets = new TreeMap<>();
        for (JsonNode bucket : series.path("buckets")) {
            buckets.put(Instant.parse(bucket.path("start").asText()), new double[] {
                bucket.path("sum").asDouble(), bucket.path("count").asDouble()
            });
        }
        if (buckets.size() >= 10_000) {
            throw new IllegalStateException(metric + " " + granularity + " has 10,000 buckets or more: read in parts");
        }
        return buckets;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
