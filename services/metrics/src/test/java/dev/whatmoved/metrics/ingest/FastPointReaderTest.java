package dev.whatmoved.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FastPointReader} against the streaming parser: for every body it reads, exactly the streaming parser's points;
 * for every body outside its subset, nothing at all (the streaming parser then words the errors).
 */
class FastPointReaderTest {

    private static final String[] WHITESPACE = {"", "", "", " ", "  ", "\t", "\n", "\r\n", " \n\t", "\n\n"};
    private static final byte[] DAMAGE = "\"{}[],:.-+eE0 \n\r\\tfnu\u00e9x".getBytes(StandardCharsets.UTF_8);
    private static final String[] NAMES = {"country", "plan", "device", "é-region", "市", "a b", "x:y", "{k}"};
    private static final String[] PIECES = {
        "de", "pro", "enterprise", "é", "ß", "中文", "😀", "a,b", "}", "{", ":", "[x]", " ", "'", "/", "~", "\u007f", ""
    };

    /** A recording sink: each point as one line of text with every field (doubles bit for bit). */
    static final class Recorder implements PointSink {
        final List<String> points = new ArrayList<>();
        final List<String> unreadable = new ArrayList<>();
        final List<PointInput> inputs = new ArrayList<>();

        @Override
        public void point(PointInput p) {
            inputs.add(p);
            points.add(String.join(
                    "|",
                    String.valueOf(p.metric),
                    String.valueOf(p.timestamp),
                    bits(p.value),
                    bits(p.numerator),
                    bits(p.denominator),
                    p.dimensions == null ? "no dimensions" : entries(p.dimensions),
                    String.valueOf(p.error),
                    String.valueOf(p.count),
                    bits(p.min),
                    bits(p.max),
                    "line " + p.line,
                    "index " + p.index,
                    "start " + p.start,
                    "end " + p.end));
        }

        @Override
        public void unreadable(Rejection rejection, int start, int end) {
            unreadable.add(rejection + " " + start + "-" + end);
        }

        private static String entries(java.util.Map<String, String> dimensions) {
            StringBuilder out = new StringBuilder().append(dimensions.size()).append('{');
            dimensions.forEach(
                    (k, v) -> out.append(k).append('\u0001').append(v).append('\u0002'));
            return out.append('}').toString();
        }

        private static String bits(Double d) {
            return d == null ? "null" : d + "/" + Long.toHexString(Double.doubleToRawLongBits(d));
        }
    }

    private static Recorder fast(byte[] body, int from, int to, boolean expectRead) {
        Recorder fast = new Recorder();
        boolean read = FastPointReader.read(body, from, to, fast);
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(read).as("fast reader took %s", text).isEqualTo(expectRead);
        if (!read) {
            assertThat(fast.points)
                    .as("handed on before falling back: %s", text)
                    .isEmpty();
            assertThat(fast.unreadable).isEmpty();
        }
        return fast;
    }

    private static Recorder streaming(byte[] body, int from, int to) {
        Recorder streaming = new Recorder();
        PointReader.readStreaming(body, from, to, streaming);
        return streaming;
    }

    /** Whatever the fast reader does with {@code body}, PointReader's answer equals the streaming parser's. */
    private static boolean assertSameAsStreaming(byte[] body, int from, int to) {
        Recorder fast = new Recorder();
        boolean read = FastPointReader.read(body, from, to, fast);
        Recorder streaming = streaming(body, from, to);
        String text = new String(body, StandardCharsets.UTF_8);
        if (read) {
            assertThat(streaming.unreadable)
                    .as("fast reader took a body with errors: %s", text)
                    .isEmpty();
            assertThat(fast.points).as(text).containsExactlyElementsOf(streaming.points);
        } else {
            assertThat(fast.points)
                    .as("handed on before falling back: %s", text)
                    .isEmpty();
        }
        Recorder viaReader = new Recorder();
        PointReader.read(body, from, to, viaReader);
        assertThat(viaReader.points).as(text).containsExactlyElementsOf(streaming.points);
        assertThat(viaReader.unreadable).as(text).containsExactlyElementsOf(streaming.unreadable);
        return read;
    }

    @Test
    void readsRandomWellFormedBodiesExactlyAsTheStreamingParserDoes() {
        Random random = new Random(42);
        int points = 0;
        for (int n = 0; n < 3000; n++) {
            StringBuilder prefix = new StringBuilder();
            if (random.nextInt(4) == 0) {
                prefix.append("garbage before\n[\n{".repeat(random.nextInt(3))).append(ws(random));
            }
            String batch = random.nextBoolean() ? array(random) : ndjson(random);
            String suffix = random.nextInt(4) == 0 ? "\n garbage after {" : "";
            byte[] before = prefix.toString().getBytes(StandardCharsets.UTF_8);
            byte[] content = batch.getBytes(StandardCharsets.UTF_8);
            byte[] body = (prefix + batch + suffix).getBytes(StandardCharsets.UTF_8);
            int from = before.length;
            int to = from + content.length;
            Recorder fast = fast(body, from, to, true);
            Recorder streaming = streaming(body, from, to);
            assertThat(streaming.unreadable).as(batch).isEmpty();
            assertThat(fast.points).as(batch).containsExactlyElementsOf(streaming.points);
            points += fast.points.size();
        }
        assertThat(points).isGreaterThan(10_000);
    }

    @Test
    void readsNumbersBitForBitAsTheStreamingParserDoes() {
        Random random = new Random(7);
        List<String> numbers = new ArrayList<>(List.of(
                "0",
                "-0",
                "0.0",
                "-0.0",
                "0e0",
                "-0E-0",
                "1",
                "-1",
                "417",
                "1.5",
                "0.1",
                "0.3",
                "2.675",
                "1e22",
                "1e23",
                "9007199254740991",
                "9007199254740992",
                "9007199254740993",
                "-9007199254740993",
                "999999999999999999",
                "1000000000000000000",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "-9223372036854775809",
                "123456789012345678901234567890",
                "1e308",
                "1.7976931348623157e308",
                "1.8e308",
                "4.9e-324",
                "2e-324",
                "1e-400",
                "2.2250738585072014E-308",
                "0.000000000000000000000000000001",
                "123456789.123456789",
                "1.0E+2",
                "5e-1",
                "12345678901234567e-5",
                "9007199254740993e22",
                "1.00000000000000011102230246251565404236316680908203125"));
        for (int n = 0; n < 10_000; n++) {
            numbers.add(number(random));
        }
        for (String number : numbers) {
            String body = "[{\"value\": " + number + ", \"numerator\": " + number + "}]";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Recorder fast = fast(bytes, 0, bytes.length, true);
            assertThat(fast.points).as(number).containsExactlyElementsOf(streaming(bytes, 0, bytes.length).points);
        }
    }

    @Test
    void leavesEverythingOutsideItsSubsetToTheStreamingParserHandingOnNothing() {
        String ok = "{\"timestamp\": \"2026-11-24T10:15:30Z\", \"value\": 1, \"dimensions\": {\"country\": \"de\"}}";
        List<String> outside = List.of(
                "[" + ok + ", {\"value\": \"1\"}]", // a value that is a string
                "[" + ok + ", {\"metric\": \"a\\u0062c\", \"value\": 1}]", // an escape
                "[" + ok + ", {\"dimensions\": {\"country\": \"d\\\"e\"}}]",
                "[" + ok + ", {\"metric\": null, \"value\": 1}]", // nulls
                "[" + ok + ", {\"dimensions\": null}]",
                "[" + ok + ", {\"value\": null}]",
                "[" + ok + ", {\"value\": NaN}]", // non-numeric numbers
                "[" + ok + ", {\"value\": -Infinity}]",
                "[" + ok + ", {\"dimensions\": {\"country\": 1}}]", // a dimension value that is no string
                "[" + ok + ", {\"dimensions\": {\"country\": true}}]",
                "[" + ok + ", {\"dimensions\": {\"country\": {\"a\": \"b\"}}}]",
                "[" + ok + ", {\"dimensions\": [\"de\"]}]",
                "[" + ok + ", {\"dimensions\": {\"country\": \"de\", \"country\": \"fr\"}}]", // a repeated name
                "[" + ok + ", {\"extra\": {\"nested\": 1}}]", // an unknown field that is not a scalar
                "[" + ok + ", {\"extra\": [1, 2]}]",
                "[" + ok + ", {\"timestamp\": \"2026-02-30T10:00:00Z\"}]", // an impossible date
                "[" + ok + ", {\"timestamp\": \"2026-11-24T10:15Z\"}]", // a rare shape (the JDK reads it)
                "[" + ok + ", {\"timestamp\": \"2026-11-24T10:15:30\"}]", // no offset
                "[" + ok + ", {\"timestamp\": \"2026-11-24T24:00:00Z\"}]",
                "[" + ok + ", {\"timestamp\": 1764000000}]",
                "[" + ok + ", {\"value\": 01}]", // not JSON numbers
                "[" + ok + ", {\"value\": 1.}]",
                "[" + ok + ", {\"value\": .5}]",
                "[" + ok + ", {\"value\": +1}]",
                "[" + ok + ", {\"value\": 1e}]",
                "[" + ok + ", {\"value\": 1x}]",
                "[" + ok + ", {\"value\": 1" + "0".repeat(200) + "}]", // a very long number
                "[" + ok + ", {\"extra\": tru}]",
                "[" + ok + ", {\"extra\": nul}]",
                "[" + ok + ", ]", // syntax errors
                "[" + ok + " " + ok + "]",
                "[" + ok + ", 1]",
                "[" + ok + "]]",
                "[" + ok + "] x",
                "[" + ok,
                "[" + ok + ", {\"value\" 1}]",
                "[" + ok + ", {\"value\": 1,}]",
                "[" + ok + ", {value: 1}]",
                "[" + ok + ", {\"value\": 1}\r]", // a lone carriage return (the streaming parser counts it as a line)
                "[" + ok + ", {\"value\": 1}\u000b]", // not JSON whitespace
                "[" + ok + ", {\"metric\": \"tab\there\"}]", // a control character in a string
                ok + "\n" + ok + " " + ok, // NDJSON: two objects on one line
                ok + "\n" + ok + "\ngarbage",
                ok + "\n[1]",
                ok + "\n" + ok + "\n{\"value\": }",
                "[" + ok + ", {\"dimensions\": {" + dimensions(33) + "}}]", // more dimensions than allowed
                "hello",
                "   ",
                "");
        for (String body : outside) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            fast(bytes, 0, bytes.length, false);
            assertSameAsStreaming(bytes, 0, bytes.length);
        }
        // bytes that are no valid UTF-8: a stray continuation, a truncated sequence, an overlong form, a surrogate
        for (byte[] bad : List.of(
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xC3},
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xFF})) {
            byte[] head = "[{\"value\": 1, \"dimensions\": {\"country\": \"d".getBytes(StandardCharsets.UTF_8);
            byte[] tail = "e\"}}]".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
            fast(body, 0, body.length, false);
            assertSameAsStreaming(body, 0, body.length);
        }
    }

    @Test
    void aDamagedBodyIsEitherReadExactlyAsTheStreamingParserReadsItOrNotAtAll() {
        Random random = new Random(3);
        int read = 0;
        int leftToStreaming = 0;
        for (int n = 0; n < 10_000; n++) {
            String batch = random.nextBoolean() ? array(random) : ndjson(random);
            byte[] body = batch.getBytes(StandardCharsets.UTF_8);
            if (body.length == 0) {
                continue;
            }
            int at = random.nextInt(body.length);
            byte[] damaged;
            switch (random.nextInt(3)) {
                case 0 -> { // a byte replaced
                    damaged = body.clone();
                    damaged[at] = DAMAGE[random.nextInt(DAMAGE.length)];
                }
                case 1 -> { // a byte removed
                    damaged = new byte[body.length - 1];
                    System.arraycopy(body, 0, damaged, 0, at);
                    System.arraycopy(body, at + 1, damaged, at, body.length - at - 1);
                }
                default -> { // a byte doubled
                    damaged = new byte[body.length + 1];
                    System.arraycopy(body, 0, damaged, 0, at + 1);
                    System.arraycopy(body, at, damaged, at + 1, body.length - at);
                }
            }
            if (assertSameAsStreaming(damaged, 0, damaged.length)) {
                read++;
            } else {
                leftToStreaming++;
            }
        }
        // both ways were taken often
        assertThat(read).isGreaterThan(1000);
        assertThat(leftToStreaming).isGreaterThan(1000);
    }

    @Test
    void recurringMetricsAndDimensionsAreOneInstanceWithinAndAcrossBodies() {
        String body = "{\"metric\": \"m\", \"timestamp\": \"2026-11-24T10:15:30Z\", \"value\": 1,"
                + " \"dimensions\": {\"plan\": \"pro\", \"country\": \"de\"}}\n"
                + "{\"metric\": \"m\", \"timestamp\": \"2026-11-24T10:15:31Z\", \"value\": 2,"
                + " \"dimensions\": {\"plan\": \"pro\", \"country\": \"de\"}}\n";
        Recorder first = fast(body.getBytes(StandardCharsets.UTF_8), 0, body.length(), true);
        Recorder second = fast(body.getBytes(StandardCharsets.UTF_8), 0, body.length(), true);
        PointInput a = first.inputs.get(0);
        assertThat(first.inputs.get(1).metric).isSameAs(a.metric);
        assertThat(first.inputs.get(1).dimensions).isSameAs(a.dimensions);
        assertThat(second.inputs.get(0).metric).isSameAs(a.metric);
        assertThat(second.inputs.get(1).dimensions).isSameAs(a.dimensions);
        assertThat(a.dimensions)
                .isInstanceOf(DimensionMap.class)
                .containsExactly(java.util.Map.entry("country", "de"), java.util.Map.entry("plan", "pro"));
        assertThat(((DimensionMap) a.dimensions).canonical())
                .isEqualTo("{\"country\":\"de\",\"plan\":\"pro\"}")
                .isEqualTo(dev.whatmoved.metrics.domain.Dimensions.canonical(new java.util.TreeMap<>(a.dimensions)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.dimensions.put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theSharedCacheStaysBoundedAndKeepsReadingCorrectlyWhenItOverflows() {
        FastPointReader.forgetShared();
        for (int n = 0; n < 3 * FastPointReader.Shared.MAX_DIMENSIONS; n++) {
            String body = "[{\"value\": 1, \"dimensions\": {\"id\": \"" + n + "\"}}]";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Recorder fast = fast(bytes, 0, bytes.length, true);
            assertThat(fast.inputs.get(0).dimensions).containsExactly(java.util.Map.entry("id", String.valueOf(n)));
            assertThat(FastPointReader.sharedDimensions()).isLessThanOrEqualTo(FastPointReader.Shared.MAX_DIMENSIONS);
        }
        FastPointReader.forgetShared();
    }

    // --- random bodies of the subset ---

    private static String array(Random random) {
        int n = random.nextInt(12);
        StringBuilder out = new StringBuilder(ws(random)).append('[').append(ws(random));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(ws(random)).append(',').append(ws(random));
            }
            out.append(object(random));
        }
        return out.append(ws(random)).append(']').append(ws(random)).toString();
    }

    private static String ndjson(Random random) {
        int n = 1 + random.nextInt(12);
        StringBuilder out = new StringBuilder(ws(random));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(random.nextBoolean() ? " \t" : "").append(random.nextBoolean() ? "\n" : "\r\n");
                out.append(ws(random));
            }
            out.append(object(random));
        }
        return out.append(ws(random)).toString();
    }

    private static String object(Random random) {
        List<String> fields = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            fields.add(quoted("metric") + ws(random) + ":" + ws(random) + quoted("m." + random.nextInt(4)));
        }
        if (random.nextInt(8) != 0) {
            fields.add(quoted("timestamp") + ":" + ws(random) + quoted(timestamp(random)));
        }
        if (random.nextInt(4) != 0) {
            fields.add(quoted("value") + ws(random) + ":" + number(random));
        } else {
            fields.add(quoted("numerator") + ":" + ws(random) + number(random));
            fields.add(quoted("denominator") + ":" + number(random) + ws(random));
        }
        if (random.nextInt(6) != 0) {
            fields.add(quoted("dimensions") + ":" + ws(random) + dimensions(random));
        }
        if (random.nextInt(5) == 0) {
            String[] scalars = {"\"x\"", "\"\"", "12.5", "-3e2", "true", "false", "null", "\"é}{\""};
            fields.add(
                    quoted("extra" + random.nextInt(3)) + ":" + ws(random) + scalars[random.nextInt(scalars.length)]);
        }
        // no repeated field: a key twice falls back, and the general parser refuses the point (InputValuesTest)
        Collections.shuffle(fields, random);
        StringBuilder out = new StringBuilder("{").append(ws(random));
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(ws(random)).append(',').append(ws(random));
            }
            out.append(fields.get(i));
        }
        return out.append(ws(random)).append('}').toString();
    }

    private static String dimensions(Random random) {
        // few combinations, so that the shared cache is hit as well as missed
        int n = random.nextInt(4);
        List<String> names = new ArrayList<>(List.of(NAMES));
        Collections.shuffle(names, random);
        StringBuilder out = new StringBuilder("{").append(ws(random));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',').append(ws(random));
            }
            String value = PIECES[random.nextInt(PIECES.length)]
                    + (random.nextBoolean() ? "" : PIECES[random.nextInt(PIECES.length)]);
            out.append(quoted(names.get(i)))
                    .append(ws(random))
                    .append(':')
                    .append(ws(random))
                    .append(quoted(value));
        }
        return out.append(ws(random)).append('}').toString();
    }

    private static String dimensions(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ", ").append(quoted("d" + i)).append(": \"v\"");
        }
        return out.toString();
    }

    static String timestamp(Random random) {
        LocalDate date = LocalDate.ofEpochDay(random.nextInt(200 * 365) - 70 * 365);
        StringBuilder out = new StringBuilder(String.format(
                "%04d-%02d-%02d%s%02d:%02d:%02d",
                date.getYear(),
                date.getMonthValue(),
                date.getDayOfMonth(),
                random.nextInt(10) == 0 ? "t" : "T",
                random.nextInt(24),
                random.nextInt(60),
                random.nextInt(60)));
        int fraction = random.nextInt(14) - 2;
        if (fraction > 0) {
            out.append('.');
            for (int i = 0; i < fraction; i++) {
                out.append(random.nextInt(10));
            }
        }
        switch (random.nextInt(4)) {
            case 0 -> out.append(random.nextBoolean() ? "Z" : "z");
            case 1 -> out.append("+00:00");
            default ->
                out.append(String.format(
                        "%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(19), random.nextInt(60)));
        }
        return out.toString();
    }

    static String number(Random random) {
        StringBuilder out = new StringBuilder();
        if (random.nextInt(3) == 0) {
            out.append('-');
        }
        switch (random.nextInt(8)) {
            case 0 -> out.append(random.nextInt(1000));
            case 1 -> out.append(Math.abs(random.nextLong()) >>> random.nextInt(63));
            case 2 -> out.append(digits(random, 1 + random.nextInt(30)));
            case 3 ->
                out.append(Double.toString(Math.abs(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20))));
            case 4 ->
                out.append(Double.toString(Math.abs(Double.longBitsToDouble(random.nextLong())))
                        .replace("Infinity", "1e400")
                        .replace("NaN", "0"));
            default -> {
                out.append(digits(random, 1 + random.nextInt(random.nextBoolean() ? 8 : 22)));
                if (random.nextBoolean()) {
                    out.append('.').append(randomDigits(random, 1 + random.nextInt(random.nextBoolean() ? 6 : 25)));
                }
                if (random.nextBoolean()) {
                    out.append(random.nextBoolean() ? 'e' : 'E');
                    int sign = random.nextInt(3);
                    out.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
                    out.append(random.nextInt(random.nextBoolean() ? 30 : 400));
                }
            }
        }
        return out.toString();
    }

    /** A JSON integer part: no leading zeros. */
    private static String digits(Random random, int n) {
        if (random.nextInt(6) == 0) {
            return "0";
        }
        return (1 + random.nextInt(9)) + randomDigits(random, n - 1);
    }

    private static String randomDigits(Random random, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(random.nextInt(10));
        }
        return out.toString();
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    private static String ws(Random random) {
        return random.nextInt(3) == 0 ? WHITESPACE[random.nextInt(WHITESPACE.length)] : "";
    }
}
