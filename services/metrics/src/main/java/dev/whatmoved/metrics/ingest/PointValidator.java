package dev.whatmoved.metrics.ingest;

import dev.whatmoved.metrics.domain.Aggregation;
import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.domain.Point;
import dev.whatmoved.metrics.model.RollupAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a point read from any source against the catalogue and the time limits, and turns it into a {@link Point}
 * or a reason naming the field at fault.
 */
public final class PointValidator {

    /**
     * Largest magnitude of a value (and of a numerator, denominator, or a histogram's min and max) a point may carry.
     * A bucket adds up its points' values, and its sum must stay a finite double: the rollup event's {@code sum} is a
     * JSON number, and two points of 1e308 made an infinite one. 1e15 leaves room for 10^293 points a bucket, and is
     * beyond any count or amount in cents a product metric reports (it is about 2^50: integers up to it stay exact).
     */
    public static final double MAX_ABS_VALUE = 1e15;

    /** Longest dimension value. */
    static final int MAX_DIMENSION_VALUE = 200;

    /**
     * Most bytes of a point's dimension combination as stored: its canonical form ({@link Dimensions#canonical}, a JSON
     * object with sorted keys) in UTF-8. It is part of the rollup table's primary key, whose entries PostgreSQL caps at
     * 2,704 bytes (a third of an 8 KB page); with the longest metric key (128), the granularity, the bucket start and
     * the entry's headers and padding (167 bytes in all) a combination of up to 2,537 bytes would fit. The limit leaves
     * more than half of that free, so a point answered 202 can always be applied.
     */
    public static final int MAX_DIMENSIONS_BYTES = 1024;

    /**
     * The oldest point a history import takes ({@link #forHistory}): older than any product metric's history, so a
     * mistyped year (0216 for 2016) is refused instead of becoming history.
     */
    public static final Instant HISTORY_FLOOR = Instant.parse("1900-01-01T00:00:00Z");

    private final Function<String, MetricDefinition> catalogue;
    private final Instant oldest;
    private final Instant newest;
    /** What a point older than {@link #oldest} is told, after its timestamp. */
    private final String tooOld;

    private final String futureLimit;
    private final Admission admission;

    // what the last valid point adds (a validator serves one batch on one thread)
    private String checkedKey;
    private double checkedValue;
    private double checkedDenominator;
    private String checkedDimensions;

    /** Whether a metric may take a point of a dimension combination (the cardinality limit). */
    public interface Admission {

        /** Everything is admitted. */
        Admission ALL = new Admission() {
            @Override
            public boolean admit(String metric, String dimensions) {
                return true;
            }

            @Override
            public int limit() {
                return Integer.MAX_VALUE;
            }
        };

        /**
         * Whether {@code metric} may take a point of the canonical combination {@code dimensions}. Once it admits a
         * combination for a metric it admits it for good (a combination is never uncounted while the service runs):
         * the validator remembers an admission on a shared combination and does not ask again for its later points.
         */
        boolean admit(String metric, String dimensions);

        /** The most combinations a metric may have. */
        int limit();
    }

    /**
     * @param catalogue the definition of a metric key, or null when the catalogue has none
     * @param now the service's clock
     */
    public PointValidator(
            Function<String, MetricDefinition> catalogue, Instant now, Duration lateLimit, Duration futureLimit) {
        this(catalogue, now, lateLimit, futureLimit, Admission.ALL);
    }

    /** @param admission the cardinality limit: whether a point of a new dimension combination may be taken */
    public PointValidator(
            Function<String, MetricDefinition> catalogue,
            Instant now,
            Duration lateLimit,
            Duration futureLimit,
            Admission admission) {
        this(
                catalogue,
                now.minus(lateLimit),
                " is older than the late limit (" + lateLimit.toDays() + " days); older history goes through"
                        + " POST /api/metrics/{key}/history",
                now.plus(futureLimit),
                futureLimit,
                admission);
    }

    private PointValidator(
            Function<String, MetricDefinition> catalogue,
            Instant oldest,
            String tooOld,
            Instant newest,
            Duration futureLimit,
            Admission admission) {
        this.admission = admission;
        this.catalogue = catalogue;
        this.oldest = oldest;
        this.tooOld = tooOld;
        this.newest = newest;
        this.futureLimit = futureLimit.toHours() + " hours";
    }

    /**
     * The validator of a history import: the same checks as every path except the late limit (which guards live
     * streams against wrong clocks; an import is history on purpose): any timestamp from {@link #HISTORY_FLOOR} on.
     */
    public static PointValidator forHistory(
            Function<String, MetricDefinition> catalogue, Instant now, Duration futureLimit, Admission admission) {
        return new PointValidator(
                catalogue,
                HISTORY_FLOOR,
                " is before 1900-01-01, the oldest a history import takes",
                now.plus(futureLimit),
                futureLimit,
                admission);
    }

    /** A valid point, or why not. */
    public record Result(Point point, String reason) {

        static Result rejected(String reason) {
            return new Result(null, reason);
        }
    }

    /**
     * @param defaultMetric the metric of a point that names none (the path's or the record key's); may be null
     */
    public Result validate(PointInput in, String defaultMetric) {
        String problem = check(in, defaultMetric);
        if (problem != null) {
            return Result.rejected(problem);
        }
        return new Result(
                new Point(
                        checkedKey,
                        in.timestamp,
                        checkedValue,
                        checkedDenominator,
                        checkedDimensions,
                        in.count,
                        in.min == null ? Double.NaN : in.min,
                        in.max == null ? Double.NaN : in.max),
                null);
    }

    /**
     * Adds the point to {@code rollup} if it is valid (as {@link #validate} would take it, without making a
     * {@link Point}: the ingestion paths call this for every point).
     *
     * @return null when the point was added, else why it is not valid
     */
    public String addTo(PointInput in, String defaultMetric, RollupAccumulator rollup) {
        String problem = check(in, defaultMetric);
        if (problem == null) {
            rollup.add(
                    checkedKey,
                    in.timestamp,
                    checkedValue,
                    checkedDenominator,
                    checkedDimensions,
                    in.count,
                    in.min == null ? Double.NaN : in.min,
                    in.max == null ? Double.NaN : in.max);
        }
        return problem;
    }

    /**
     * Checks a point: null when valid (then {@link #checkedKey} and the other {@code checked} fields hold what it
     * adds), else the reason.
     */
    private String check(PointInput in, String defaultMetric) {
        if (in.error != null) {
            return in.error;
        }
        String key = in.metric != null ? in.metric : defaultMetric;
        if (key == null) {
            return "metric: missing (each point names its metric)";
        }
        MetricDefinition metric = catalogue.apply(key);
        if (metric == null) {
            return "metric: unknown metric '" + PointReader.abbreviate(key)
                    + "' (register it first: POST /api/metrics)";
        }
        if (in.timestamp == null) {
            return "timestamp: missing";
        }
        if (in.timestamp.isAfter(newest)) {
            return "timestamp: " + in.timestamp + " is too far in the future (more than " + futureLimit + " ahead)";
        }
        if (in.timestamp.isBefore(oldest)) {
            return "timestamp: " + in.timestamp + tooOld;
        }
        double value;
        double denominator = Double.NaN;
        if (metric.aggregation() == Aggregation.RATIO) {
            if (in.numerator == null || in.denominator == null) {
                return "numerator and denominator: both required for ratio metric " + key;
            }
            String problem = magnitudeProblem("numerator", in.numerator);
            if (problem == null) {
                problem = magnitudeProblem("denominator", in.denominator);
            }
            if (problem != null) {
                return problem;
            }
            value = in.numerator;
            denominator = in.denominator;
        } else {
            if (in.value == null) {
                return "value: missing";
            }
            String problem = magnitudeProblem("value", in.value);
            if (problem != null) {
                return problem;
            }
            value = in.value;
        }
        if (in.min != null || in.max != null) {
            String problem = in.min == null ? null : magnitudeProblem("min", in.min);
            if (problem == null && in.max != null) {
                problem = magnitudeProblem("max", in.max);
            }
            if (problem != null) {
                return problem;
            }
        }
        String dimensions = Dimensions.TOTAL;
        if (in.dimensions != null && !in.dimensions.isEmpty()) {
            if (in.dimensions instanceof DimensionMap shared) {
                // one instance for many points: checked and admitted once per metric definition, canonical form made
                // once
                if (!shared.knownToFit(metric, admission)) {
                    String problem = dimensionProblem(key, metric, shared);
                    if (problem == null) {
                        problem = sizeProblem(shared.canonical());
                    }
                    if (problem != null) {
                        return problem;
                    }
                    if (!admission.admit(key, shared.canonical())) {
                        return limitProblem(key);
                    }
                    shared.rememberFits(metric, admission);
                }
                dimensions = shared.canonical();
            } else {
                String problem = dimensionProblem(key, metric, in.dimensions);
                if (problem != null) {
                    return problem;
                }
                dimensions = Dimensions.canonical(in.dimensions);
                problem = sizeProblem(dimensions);
                if (problem != null) {
                    return problem;
                }
                if (!admission.admit(key, dimensions)) {
                    return limitProblem(key);
                }
            }
        }
        checkedKey = key;
        checkedValue = value;
        checkedDenominator = denominator;
        checkedDimensions = dimensions;
        return null;
    }

    private String limitProblem(String key) {
        return String.format(
                "dimensions: %s already has %,d dimension combinations, its limit"
                        + " (whatmoved.metrics.max-dimension-combinations); points of a new combination are rejected",
                key, admission.limit());
    }

    /** Why the canonical combination {@code dimensions} is too long to be stored, or null when it is not. */
    private static String sizeProblem(String dimensions) {
        if (dimensions.length() <= MAX_DIMENSIONS_BYTES / 3) {
            return null; // at most 3 bytes a character (a surrogate pair: 4 for 2)
        }
        int bytes = Dimensions.encodedLength(dimensions);
        if (bytes <= MAX_DIMENSIONS_BYTES) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "dimensions: %,d bytes in all, at most %,d (names and values as stored: {\"name\":\"value\",...} in"
                        + " UTF-8)",
                bytes,
                MAX_DIMENSIONS_BYTES);
    }

    /** Why {@code value} is no value a point may carry, or null when it is one. */
    private static String magnitudeProblem(String field, double value) {
        if (!Double.isFinite(value)) {
            return field + ": must be a finite number";
        }
        if (Math.abs(value) > MAX_ABS_VALUE) {
            return field + ": " + value + " is beyond the limit of ±1e15 (a bucket's sum must stay finite)";
        }
        return null;
    }

    /**
     * The first control character of {@code text} (U+0000 to U+001F, U+007F, and the line and paragraph separators
     * U+2028 and U+2029, which end lines in JavaScript and many log viewers), or -1.
     */
    static int controlCharacter(String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                return c;
            }
        }
        return -1;
    }

    /** {@code text} with its control characters written as a backslash, u and four hex digits, to name it in a reason. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        String cut = PointReader.abbreviate(text);
        for (int k = 0; k < cut.length(); k++) {
            char c = cut.charAt(k);
            if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Why {@code dimensions} do not fit {@code metric}, or null when they do. */
    private static String dimensionProblem(String key, MetricDefinition metric, Map<String, String> dimensions) {
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            int control = controlCharacter(d.getKey());
            if (control >= 0) {
                return "dimensions." + printable(d.getKey())
                        + String.format(Locale.ROOT, ": the name holds the control character U+%04X", control);
            }
            control = controlCharacter(d.getValue());
            if (control >= 0) {
                return "dimensions." + d.getKey()
                        + String.format(
                                Locale.ROOT,
                                ": the value holds the control character U+%04X (U+0000 to U+001F, U+007F, U+2028 and"
                                        + " U+2029 are refused)",
                                control);
            }
            if (!metric.allowsDimension(d.getKey())) {
                return "dimensions." + PointReader.abbreviate(d.getKey())
                        + ": not a dimension of " + key
                        + (metric.dimensions().isEmpty()
                                ? " (it declares none)"
                                : " (declared: " + String.join(", ", metric.dimensions()) + ")");
            }
            if (d.getValue().isEmpty() || d.getValue().length() > MAX_DIMENSION_VALUE) {
                return "dimensions." + d.getKey() + ": must be 1 to " + MAX_DIMENSION_VALUE + " characters";
            }
        }
        return null;
    }
}
