package dev.whatmoved.attribution.model;

/**
 * The value of a rollup bucket as its metric defines it: the sum for {@code sum} metrics, the number of points for
 * {@code count}, sum / count for {@code mean}, the ratio of sums (numerators / denominators, never a mean of
 * ratios) for {@code ratio}, the latest point for {@code last}. A bucket without the aggregation (an older producer)
 * is a ratio if it carries a denominator, else its sum.
 */
public final class RollupValue {

    private RollupValue() {}

    /** @return the value, or null when it is undefined (a ratio over a zero denominator, a mean of no points) */
    public static Double of(String aggregation, double sum, long count, Double denominator, Double last) {
        String kind = aggregation != null ? aggregation : denominator != null ? "ratio" : "sum";
        return switch (kind) {
            case "count" -> (double) count;
            case "mean" -> count == 0 ? null : sum / count;
            case "ratio" -> denominator == null || denominator == 0 ? null : sum / denominator;
            case "last" -> last;
            default -> sum;
        };
    }

    /** What the analysed series is, for the outcome ("daily sum", "hourly ratio of sums", ...). */
    public static String label(String granularity, String aggregation, boolean hasDenominator) {
        String kind = aggregation != null ? aggregation : hasDenominator ? "ratio" : "sum";
        String what =
                switch (kind) {
                    case "count" -> "count of points";
                    case "mean" -> "mean";
                    case "ratio" -> "ratio of sums";
                    case "last" -> "last value";
                    default -> "sum";
                };
        return granularity + " " + what;
    }
}
