package dev.whatmoved.metrics.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads the common, well-formed shape of a batch of points straight from its bytes, several times faster than
 * {@link PointReader}'s streaming parser: a JSON array or NDJSON of point objects, fields in any order, whitespace
 * wherever JSON allows it, strings without backslash escapes, JSON numbers, {@code dimensions} as an object of string
 * values, timestamps of the common shape ({@link Timestamps#fast(byte[], int, int)}).
 *
 * <p>All or nothing: it either reads the whole body and hands every point to the sink, or hands nothing and answers
 * false, and the caller reads the body with the general parser, which words every error. Anything outside the subset
 * (an escape, a null, NaN, a dimension value that is not a string, an unknown field holding an object or array, a
 * syntax error, an impossible date...) is such a fallback. For every body it reads, its points are the general
 * parser's: the same metric, timestamp, values (bit for bit: the exact fast path only where it is provably correctly
 * rounded, else {@link Double#parseDouble}), dimensions, line, index, start and end.
 *
 * <p>Recurring text is shared: a metric key, and a dimensions object (as an immutable {@link DimensionMap}), that recur
 * in a body or in later bodies read by the same thread are the same instance (a bounded per-thread cache keyed by their
 * raw bytes), so what follows can remember things per instance instead of hashing strings per point.
 *
 * <p>Why one class over the usual 400 lines: it is one scan over the bytes, and every part of it (objects, strings,
 * numbers, timestamps, dimensions) reads and moves the same cursor of one {@code Reading}. Split into classes, each
 * part would have to hand the cursor and the body back and forth, on the path that runs for every byte of every
 * point; kept together, they are small private methods of one reading, and {@code FastPointReaderTest} checks the
 * whole of it against {@link PointReader}.
 */
public final class FastPointReader {

    /** Longest string (bytes) read here; a longer one falls back. */
    static final int MAX_STRING = 4096;
    /** Longest number (characters) read here (the general parser's limit is 1000). */
    static final int MAX_NUMBER = 100;

    private static final ThreadLocal<Shared> SHARED = ThreadLocal.withInitial(Shared::new);

    /** Exact powers of ten as doubles (10^22 is the largest that is). */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    private static final int OTHER = 0;
    private static final int METRIC = 1;
    private static final int TIMESTAMP = 2;
    private static final int VALUE = 3;
    private static final int NUMERATOR = 4;
    private static final int DENOMINATOR = 5;
    private static final int DIMENSIONS = 6;

    /** Eight bytes at a time (little-endian: the first byte is the lowest). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    // the common field names with their closing quote, as words: matched without scanning
    private static final long TIMESTAM = word("timestam");
    private static final long DIMENSIO = word("dimensio");
    private static final long VALUE_QUOTE = word("value\"");
    private static final long METRIC_QUOTE = word("metric\"");

    private static final byte[] METRIC_NAME = ascii("metric");
    private static final byte[] TIMESTAMP_NAME = ascii("timestamp");
    private static final byte[] VALUE_NAME = ascii("value");
    private static final byte[] NUMERATOR_NAME = ascii("numerator");
    private static final byte[] DENOMINATOR_NAME = ascii("denominator");
    private static final byte[] DIMENSIONS_NAME = ascii("dimensions");

    /** The body left the fast subset. Preallocated, without a stack trace: it only unwinds the reading. */
    private static final class Fallback extends RuntimeException {
        Fallback() {
            super(null, null, false, false);
        }
    }

    private static final Fallback FALLBACK = new Fallback();

    private FastPointReader() {}

    /**
     * Reads {@code body[from, to)}.
     *
     * @return true when every point went to {@code sink}; false when the body is not of the fast subset, and then
     *     nothing went to {@code sink}
     */
    public static boolean read(byte[] body, int from, int to, PointSink sink) {
        Shared shared = SHARED.get();
        try {
            List<PointInput> points;
            try {
                points = new Reading(body, to, shared).batch(from);
            } catch (Fallback e) {
                return false;
            }
            for (PointInput point : points) {
                sink.point(point);
            }
            return true;
        } finally {
            shared.points.clear(); // its capacity stays for the next body; the points go
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Up to eight ASCII characters as a little-endian word (zeros after them). */
    private static long word(String s) {
        long w = 0;
        for (int k = s.length() - 1; k >= 0; k--) {
            w = (w << 8) | s.charAt(k);
        }
        return w;
    }

    /** The lowest {@code n} bytes of a word. */
    private static long low(long w, int n) {
        return n >= 8 ? w : w & ((1L << (n << 3)) - 1);
    }

    /** The high bit of each zero byte of {@code w} (and perhaps of bytes above the lowest one: only it is exact). */
    private static long zeroBytes(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    /**
     * The bytes of {@code w} that end a run of plain string characters: a quote, a backslash, a control character or
     * a byte of a multi-byte character (the lowest one is exact).
     */
    private static long stringStops(long w) {
        return zeroBytes(w ^ (ONES * '"'))
                | zeroBytes(w ^ (ONES * '\\'))
                | ((w - ONES * 0x20) & ~w & HIGHS)
                | (w & HIGHS);
    }

    /** One body being read. */
    private static final class Reading {

        private final byte[] b;
        private final int to;
        private final Shared shared;
        /** Where reading stands. */
        private int i;
        /** The 1-based line of {@link #i}, counted from the start of the array (as {@link PointReader} counts). */
        private int line;
        /** Whether the last string read was ASCII only. */
        private boolean ascii;

        private final Timestamps.InPlace timestamps = new Timestamps.InPlace();

        /** Where the name of the last {@link #OTHER} field read starts and ends. */
        private int otherStart;

        private int otherEnd;
        /** The names of the point's unknown fields so far, as start and end pairs (a repeated one falls back). */
        private int[] others = new int[8];

        private int otherCount;

        Reading(byte[] b, int to, Shared shared) {
            this.b = b;
            this.to = to;
            this.shared = shared;
        }

        List<PointInput> batch(int from) {
            line = 1;
            for (int k = 0; k < from; k++) {
                if (b[k] == '\n') {
                    line++;
                }
            }
            i = from;
            skipWhitespace();
            byte first = peek();
            if (first == '[') {
                return array();
            }
            if (first == '{') {
                return lines();
            }
            throw FALLBACK;
        }

        private List<PointInput> array() {
            i++;
            List<PointInput> points = shared.points;
            skipWhitespace();
            if (peek() == ']') {
                i++;
            } else {
                int index = 0;
                while (true) {
                    if (peek() != '{') {
                        throw FALLBACK;
                    }
                    points.add(point(index++));
                    if (closes((byte) ']')) {
                        break;
                    }
                }
            }
            skipWhitespace();
            if (i != to) {
                throw FALLBACK;
            }
            return points;
        }

        /** NDJSON: each object begins on a line after the one where the previous object ended. */
        private List<PointInput> lines() {
            List<PointInput> points = shared.points;
            int lastLine = 0;
            int index = 0;
            while (true) {
                skipWhitespace();
                if (i == to) {
                    return points;
                }
                if (b[i] != '{' || line == lastLine) {
                    throw FALLBACK;
                }
                points.add(point(index++));
                lastLine = line;
            }
        }

        private PointInput point(int index) {
            int start = i;
            int startLine = line;
            PointInput point = object();
            point.line = startLine;
            point.index = index;
            point.start = start;
            point.end = i;
            return point;
        }

        /** A point object; {@link #i} stands on its '{' and is left after its '}'. */
        private PointInput object() {
            i++;
            PointInput point = new PointInput();
            skipWhitespace();
            if (peek() == '}') {
                i++;
                return point;
            }
            int seen = 0; // the known fields read, as bits: a repeated key falls back (the general parser names it)
            otherCount = 0;
            while (true) {
                if (peek() != '"') {
                    throw FALLBACK;
                }
                int field = field();
                if (field == OTHER) {
                    seenOther();
                } else if ((seen & (1 << field)) != 0) {
                    throw FALLBACK;
                } else {
                    seen |= 1 << field;
                }
                skipWhitespace();
                if (peek() != ':') {
                    throw FALLBACK;
                }
                i++;
                skipWhitespace();
                switch (field) {
                    case METRIC -> {
                        if (peek() != '"') {
                            throw FALLBACK;
                        }
                        int start = ++i;
                        int end = stringEnd();
                        point.metric = shared.string(b, start, end, ascii);
                    }
                    case TIMESTAMP -> {
                        if (peek() != '"') {
                            throw FALLBACK;
                        }
                        int start = ++i;
                        Instant timestamp = timestamps.read(b, start, to);
                        if (timestamp != null) {
                            i = timestamps.end + 1;
                        } else {
                            int end = stringEnd();
                            timestamp = Timestamps.fast(b, start, end);
                            if (timestamp == null) {
                                throw FALLBACK;
                            }
                        }
                        point.timestamp = timestamp;
                    }
                    case VALUE -> point.value = number();
                    case NUMERATOR -> point.numerator = number();
                    case DENOMINATOR -> point.denominator = number();
                    case DIMENSIONS -> point.dimensions = dimensions();
                    default -> skipScalar();
                }
                if (closes((byte) '}')) {
                    return point;
                }
            }
        }

        /** Reads a field name ({@link #i} on its opening quote) and tells which field it is. */
        private int field() {
            int start = ++i;
            if (start + 16 <= to) {
                long w = (long) LONGS.get(b, start);
                if (w == TIMESTAM && b[start + 8] == 'p' && b[start + 9] == '"') {
                    i = start + 10;
                    return TIMESTAMP;
                }
                if (low(w, 6) == VALUE_QUOTE) {
                    i = start + 6;
                    return VALUE;
                }
                if (w == DIMENSIO && b[start + 8] == 'n' && b[start + 9] == 's' && b[start + 10] == '"') {
                    i = start + 11;
                    return DIMENSIONS;
                }
                if (low(w, 7) == METRIC_QUOTE) {
                    i = start + 7;
                    return METRIC;
                }
            }
            int end = stringEnd();
            otherStart = start;
            otherEnd = end;
            return switch (end - start) {
                case 5 -> is(start, VALUE_NAME) ? VALUE : OTHER;
                case 6 -> is(start, METRIC_NAME) ? METRIC : OTHER;
                case 9 -> is(start, TIMESTAMP_NAME) ? TIMESTAMP : is(start, NUMERATOR_NAME) ? NUMERATOR : OTHER;
                case 10 -> is(start, DIMENSIONS_NAME) ? DIMENSIONS : OTHER;
                case 11 -> is(start, DENOMINATOR_NAME) ? DENOMINATOR : OTHER;
                default -> OTHER;
            };
        }

        /** Remembers the unknown field just read; one read before in this point falls back. */
        private void seenOther() {
            for (int k = 0; k < otherCount; k += 2) {
                if (Arrays.equals(b, others[k], others[k + 1], b, otherStart, otherEnd)) {
                    throw FALLBACK;
                }
            }
            if (otherCount == others.length) {
                others = Arrays.copyOf(others, others.length * 2);
            }
            others[otherCount++] = otherStart;
            others[otherCount++] = otherEnd;
        }

        private boolean is(int start, byte[] name) {
            return Arrays.equals(b, start, start + name.length, name, 0, name.length);
        }

        /**
         * Scans a string whose opening quote was just passed: no escapes, no control characters, valid UTF-8. Leaves
         * {@link #i} after the closing quote and returns where that quote is.
         */
        private int stringEnd() {
            int j = i;
            boolean plain = true;
            while (true) {
                if (j + 8 <= to) {
                    long stops = stringStops((long) LONGS.get(b, j));
                    if (stops == 0) {
                        j += 8;
                        continue;
                    }
                    j += Long.numberOfTrailingZeros(stops) >>> 3;
                } else if (j >= to) {
                    throw FALLBACK;
                }
                byte c = b[j];
                if (c == '"') {
                    break;
                }
                if (c == '\\' || (c >= 0 && c < 0x20)) {
                    throw FALLBACK;
                }
                plain &= c >= 0;
                j++;
            }
            if (j - i > MAX_STRING) {
                throw FALLBACK;
            }
            if (!plain) {
                checkUtf8(i, j);
            }
            ascii = plain;
            i = j + 1;
            return j;
        }

        /** Well-formed UTF-8 only (no overlong forms, no surrogates, nothing above U+10FFFF). */
        private void checkUtf8(int from, int end) {
            int k = from;
            while (k < end) {
                int c = b[k] & 0xFF;
                if (c < 0x80) {
                    k++;
                    continue;
                }
                int length;
                int low = 0x80;
                int high = 0xBF;
                if (c >= 0xC2 && c <= 0xDF) {
                    length = 2;
                } else if (c >= 0xE0 && c <= 0xEF) {
                    length = 3;
                    if (c == 0xE0) {
                        low = 0xA0;
                    } else if (c == 0xED) {
                        high = 0x9F;
                    }
                } else if (c >= 0xF0 && c <= 0xF4) {
                    length = 4;
                    if (c == 0xF0) {
                        low = 0x90;
                    } else if (c == 0xF4) {
                        high = 0x8F;
                    }
                } else {
                    throw FALLBACK;
                }
                if (k + length > end) {
                    throw FALLBACK;
                }
                int second = b[k + 1] & 0xFF;
                if (second < low || second > high) {
                    throw FALLBACK;
                }
                for (int m = 2; m < length; m++) {
                    if ((b[k + m] & 0xC0) != 0x80) {
                        throw FALLBACK;
                    }
                }
                k += length;
            }
        }

        /**
         * A JSON number, as the general parser's {@code getDoubleValue} gives it: an integer token is converted from
         * its (long) value, so {@code -0} is 0.0; a decimal or exponent token is {@link Double#parseDouble} of its text.
         */
        private Double number() {
            int start = i;
            boolean negative = false;
            if (peek() == '-') {
                negative = true;
                i++;
            }
            long mantissa = 0;
            int digits = 0;
            boolean exact = true;
            int d = digitAt(i);
            if (d == 0) {
                i++;
                digits = 1;
                if (digitAt(i) >= 0) {
                    throw FALLBACK; // leading zeros are not JSON
                }
            } else if (d > 0) {
                while ((d = digitAt(i)) >= 0) {
                    if (digits < 18) {
                        mantissa = mantissa * 10 + d;
                    } else {
                        exact = false;
                    }
                    digits++;
                    i++;
                }
            } else {
                throw FALLBACK;
            }
            boolean integer = true;
            int fractionDigits = 0;
            if (i < to && b[i] == '.') {
                integer = false;
                i++;
                while ((d = digitAt(i)) >= 0) {
                    if (digits < 18) {
                        mantissa = mantissa * 10 + d;
                    } else {
                        exact = false;
                    }
                    digits++;
                    fractionDigits++;
                    i++;
                }
                if (fractionDigits == 0) {
                    throw FALLBACK;
                }
            }
            int exponent = 0;
            if (i < to && (b[i] == 'e' || b[i] == 'E')) {
                integer = false;
                i++;
                boolean negativeExponent = false;
                if (i < to && (b[i] == '+' || b[i] == '-')) {
                    negativeExponent = b[i] == '-';
                    i++;
                }
                int exponentStart = i;
                while ((d = digitAt(i)) >= 0) {
                    if (exponent < 100_000) {
                        exponent = exponent * 10 + d;
                    }
                    i++;
                }
                if (i == exponentStart) {
                    throw FALLBACK;
                }
                if (negativeExponent) {
                    exponent = -exponent;
                }
            }
            if (i - start > MAX_NUMBER) {
                throw FALLBACK;
            }
            if (integer) {
                if (exact) {
                    return (double) (negative ? -mantissa : mantissa);
                }
                return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
            }
            int power = exponent - fractionDigits;
            if (exact && mantissa < (1L << 53) && power >= -22 && power <= 22) {
                // both operands exact: one correctly rounded operation, as parseDouble rounds
                double value = power >= 0 ? mantissa * POWERS_OF_TEN[power] : mantissa / POWERS_OF_TEN[-power];
                return negative ? -value : value;
            }
            return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
        }

        private int digitAt(int k) {
            if (k >= to) {
                return -1;
            }
            int d = b[k] - '0';
            return d >= 0 && d <= 9 ? d : -1;
        }

        /**
         * A dimensions object of string values ({@link #i} on its '{'). Its raw bytes are looked up first: the same
         * bytes read before (by this thread) are the same, already checked, combination.
         */
        private DimensionMap dimensions() {
            if (peek() != '{') {
                throw FALLBACK;
            }
            int start = i;
            // Up to the first '}', eight bytes at a time, hashing them. A known combination ends there: its bytes were
            // read as a whole object before, so the same bytes are the same object (a '}' in a value never gets here).
            long hash = 0;
            int j = i;
            int end;
            while (true) {
                long w = j + 8 <= to ? (long) LONGS.get(b, j) : tail(j);
                long brace = zeroBytes(w ^ (ONES * '}'));
                if (brace != 0) {
                    int k = Long.numberOfTrailingZeros(brace) >>> 3;
                    hash = mix(hash, low(w, k + 1));
                    end = j + k + 1;
                    break;
                }
                hash = mix(hash, w);
                j += 8;
            }
            int h = (int) (hash ^ (hash >>> 32));
            DimensionMap known = shared.findDimensions(b, start, end, h);
            if (known != null) {
                i = end;
                line += known.newlines;
                return known;
            }
            int startLine = line;
            TreeMap<String, String> read = new TreeMap<>();
            i++;
            skipWhitespace();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    if (peek() != '"') {
                        throw FALLBACK;
                    }
                    int nameStart = ++i;
                    int nameEnd = stringEnd();
                    String name = shared.string(b, nameStart, nameEnd, ascii);
                    skipWhitespace();
                    if (peek() != ':') {
                        throw FALLBACK;
                    }
                    i++;
                    skipWhitespace();
                    if (peek() != '"') {
                        throw FALLBACK;
                    }
                    int valueStart = ++i;
                    int valueEnd = stringEnd();
                    String value = decode(valueStart, valueEnd, ascii);
                    if (read.put(name, value) != null) {
                        throw FALLBACK; // a repeated name
                    }
                    if (closes((byte) '}')) {
                        break;
                    }
                }
            }
            if (read.size() > PointReader.MAX_DIMENSIONS) {
                throw FALLBACK;
            }
            DimensionMap dimensions = new DimensionMap(read, Arrays.copyOfRange(b, start, i), line - startLine);
            if (i == end) {
                shared.addDimensions(h, dimensions);
            } // else a value holds a '}': found by reading, never by its bytes, so not kept
            return dimensions;
        }

        /** The bytes from {@code j} to the end (fewer than eight) as a word, zeros after them; none left: fallback. */
        private long tail(int j) {
            if (j >= to) {
                throw FALLBACK;
            }
            long w = 0;
            for (int k = Math.min(to, j + 8) - 1; k >= j; k--) {
                w = (w << 8) | (b[k] & 0xFF);
            }
            return w;
        }

        private static long mix(long hash, long w) {
            return Long.rotateLeft((hash ^ w) * 0x9E3779B97F4A7C15L, 29);
        }

        /** Skips the value of an unknown field: a string, a number, true, false or null. */
        private void skipScalar() {
            byte c = peek();
            if (c == '"') {
                i++;
                stringEnd();
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                number();
            } else if (c == 't') {
                literal("true");
            } else if (c == 'f') {
                literal("false");
            } else if (c == 'n') {
                literal("null");
            } else {
                throw FALLBACK;
            }
        }

        private void literal(String word) {
            if (i + word.length() > to) {
                throw FALLBACK;
            }
            for (int k = 0; k < word.length(); k++) {
                if (b[i + k] != word.charAt(k)) {
                    throw FALLBACK;
                }
            }
            i += word.length();
        }

        private String decode(int start, int end, boolean plain) {
            return new String(b, start, end - start, plain ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }

        private byte peek() {
            if (i >= to) {
                throw FALLBACK;
            }
            return b[i];
        }

        /** JSON whitespace; a carriage return only before a line feed (the general parser counts a lone one as a line). */
        /**
         * After an element of an array or object: true at {@code close} (consumed); at a comma false, with the comma and the
         * whitespace after it consumed; anything else falls back.
         */
        private boolean closes(byte close) {
            skipWhitespace();
            byte c = peek();
            i++;
            if (c == close) {
                return true;
            }
            if (c != ',') {
                throw FALLBACK;
            }
            skipWhitespace();
            return false;
        }

        private void skipWhitespace() {
            while (i < to) {
                byte c = b[i];
                if (c > ' ') {
                    return;
                }
                if (c == ' ' || c == '\t') {
                    i++;
                } else if (c == '\n') {
                    line++;
                    i++;
                } else if (c == '\r' && i + 1 < to && b[i + 1] == '\n') {
                    i++;
                } else {
                    return;
                }
            }
        }
    }

    /**
     * What one thread's readings share: metric keys and dimension names by their bytes, dimension combinations by the
     * raw bytes of their object. Bounded: a full table is emptied and fills again.
     */
    static final class Shared {

        static final int MAX_STRINGS = 4096;
        static final int MAX_DIMENSIONS = 8192;

        /** The points of the body being read (a body is read whole before any point goes to the sink). */
        final ArrayList<PointInput> points = new ArrayList<>();

        /** A cached value and the bytes it was read from. */
        static final class Entry {
            final byte[] bytes;
            final int hash;
            final Object value;

            Entry(byte[] bytes, int hash, Object value) {
                this.bytes = bytes;
                this.hash = hash;
                this.value = value;
            }
        }

        private Entry[] strings = new Entry[64];
        private int stringCount;
        /** Combinations by (a hash of) the bytes they were read from; their hashes alongside, to skip others unread. */
        private DimensionMap[] dimensions = new DimensionMap[256];

        private int[] dimensionHashes = new int[256];
        private int dimensionCount;

        /** The text of {@code b[start, end)}, the same instance for the same bytes. */
        String string(byte[] b, int start, int end, boolean ascii) {
            int hash = 0;
            for (int k = start; k < end; k++) {
                hash = 31 * hash + b[k];
            }
            Entry known = find(strings, b, start, end, hash);
            if (known != null) {
                return (String) known.value;
            }
            String s = new String(b, start, end - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            if (stringCount + 1 > strings.length * 3 / 4) {
                strings = strings.length < MAX_STRINGS ? grow(strings) : new Entry[strings.length];
                stringCount = 0;
                for (Entry e : strings) {
                    stringCount += e == null ? 0 : 1;
                }
            }
            insert(strings, new Entry(Arrays.copyOfRange(b, start, end), hash, s));
            stringCount++;
            return s;
        }

        /** The combination read before from the same bytes, or null. */
        DimensionMap findDimensions(byte[] b, int start, int end, int hash) {
            int mask = dimensions.length - 1;
            for (int k = slot(hash, dimensions.length); ; k = (k + 1) & mask) {
                DimensionMap d = dimensions[k];
                if (d == null) {
                    return null;
                }
                if (dimensionHashes[k] == hash && Arrays.equals(d.raw, 0, d.raw.length, b, start, end)) {
                    return d;
                }
            }
        }

        void addDimensions(int hash, DimensionMap value) {
            if (dimensionCount + 1 > dimensions.length * 3 / 4) {
                if (dimensions.length < MAX_DIMENSIONS) {
                    DimensionMap[] table = dimensions;
                    int[] hashes = dimensionHashes;
                    dimensions = new DimensionMap[table.length * 2];
                    dimensionHashes = new int[table.length * 2];
                    for (int k = 0; k < table.length; k++) {
                        if (table[k] != null) {
                            insert(hashes[k], table[k]);
                        }
                    }
                } else {
                    dimensions = new DimensionMap[dimensions.length];
                    dimensionHashes = new int[dimensions.length];
                    dimensionCount = 0;
                }
            }
            insert(hash, value);
            dimensionCount++;
        }

        private void insert(int hash, DimensionMap value) {
            int mask = dimensions.length - 1;
            int k = slot(hash, dimensions.length);
            while (dimensions[k] != null) {
                k = (k + 1) & mask;
            }
            dimensions[k] = value;
            dimensionHashes[k] = hash;
        }

        private static int slot(int hash, int length) {
            int h = hash * 0x9E3779B9;
            return (h ^ (h >>> 16)) & (length - 1);
        }

        private static Entry find(Entry[] table, byte[] b, int start, int end, int hash) {
            int mask = table.length - 1;
            for (int k = slot(hash, table.length); ; k = (k + 1) & mask) {
                Entry e = table[k];
                if (e == null) {
                    return null;
                }
                if (e.hash == hash && Arrays.equals(e.bytes, 0, e.bytes.length, b, start, end)) {
                    return e;
                }
            }
        }

        private static void insert(Entry[] table, Entry entry) {
            int mask = table.length - 1;
            int k = slot(entry.hash, table.length);
            while (table[k] != null) {
                k = (k + 1) & mask;
            }
            table[k] = entry;
        }

        private static Entry[] grow(Entry[] table) {
            Entry[] bigger = new Entry[table.length * 2];
            for (Entry e : table) {
                if (e != null) {
                    insert(bigger, e);
                }
            }
            return bigger;
        }
    }

    /** For tests: forgets what this thread's readings shared. */
    static void forgetShared() {
        SHARED.remove();
    }

    /** For tests: how many dimension combinations this thread's cache holds now. */
    static int sharedDimensions() {
        return SHARED.get().dimensionCount;
    }
}
