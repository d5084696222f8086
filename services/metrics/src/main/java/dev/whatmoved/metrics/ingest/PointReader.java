package dev.whatmoved.metrics.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a batch of points, a JSON array or NDJSON (one JSON object per line): millions of points pass here. The common,
 * well-formed shape is read straight from the bytes by {@link FastPointReader}; anything else with a streaming parser,
 * which words every error. Each point is an object
 * {@code {"metric": "...", "timestamp": "2026-11-24T10:15:30Z", "value": 1.5, "dimensions": {"country": "de"}}}
 * ({@code numerator} and {@code denominator} instead of {@code value} for ratio metrics). A line or element that cannot
 * be read is reported and the others are still read; in a JSON array a syntax error ends the reading (what follows
 * cannot be delimited), in NDJSON it costs only its line.
 */
public final class PointReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            // NaN and Infinity are read, so they are rejected as "not finite" rather than as broken JSON
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** Most dimensions a point may carry. */
    static final int MAX_DIMENSIONS = 32;

    private PointReader() {}

    public static void read(byte[] body, PointSink sink) {
        read(body, 0, body.length, sink);
    }

    /**
     * Reads {@code body[from, to)}: with {@link FastPointReader} when the body is of its subset (the same points), else
     * with the streaming parser.
     */
    public static void read(byte[] body, int from, int to, PointSink sink) {
        if (!FastPointReader.read(body, from, to, sink)) {
            readStreaming(body, from, to, sink);
        }
    }

    /** Reads {@code body[from, to)} with the streaming parser, whatever its shape. */
    static void readStreaming(byte[] body, int from, int to, PointSink sink) {
        int first = skipWhitespace(body, from, to);
        if (first == to) {
            return;
        }
        if (body[first] == '[') {
            readArray(body, first, to, sink);
        } else if (body[first] == '{') {
            readLines(body, from, to, sink);
        } else {
            sink.unreadable(
                    new Rejection(
                            lineOf(body, from, first),
                            null,
                            "not a batch of points: a JSON array of point objects or NDJSON (one object per line)"
                                    + " expected"),
                    from,
                    to);
        }
    }

    private static void readArray(byte[] body, int from, int to, PointSink sink) {
        int index = 0;
        int lastEnd = from + 1;
        int baseLine = lineOf(body, 0, from) - 1;
        try (JsonParser parser = JSON.createParser(body, from, to - from)) {
            parser.nextToken(); // [
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new JsonParseException(parser, "unexpected end of input: the array is not closed");
                }
                int line = parser.currentTokenLocation().getLineNr() + baseLine;
                int start = from + (int) parser.currentTokenLocation().getByteOffset();
                if (token == JsonToken.START_OBJECT) {
                    PointInput point = readObject(parser);
                    point.line = line;
                    point.index = index;
                    point.start = start;
                    point.end = from + (int) parser.currentLocation().getByteOffset();
                    sink.point(point);
                } else {
                    parser.skipChildren();
                    sink.unreadable(
                            new Rejection(line, index, "[" + index + "]: must be a point object"),
                            start,
                            from + (int) parser.currentLocation().getByteOffset());
                }
                lastEnd = from + (int) parser.currentLocation().getByteOffset();
                index++;
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "unexpected content after the array");
            }
        } catch (JsonParseException e) {
            sink.malformed(
                    new Rejection(
                            e.getLocation() == null ? 1 : e.getLocation().getLineNr() + baseLine,
                            null,
                            "malformed JSON" + where(e) + ": " + e.getOriginalMessage()
                                    + " (points before it were read, none after)"),
                    lastEnd,
                    to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * NDJSON: one parser over the whole body (fast); at the first line it cannot read, line by line from there on, so a
     * broken line costs only itself.
     */
    private static void readLines(byte[] body, int from, int to, PointSink sink) {
        int baseLine = lineOf(body, 0, from) - 1;
        int index = 0;
        int objectStart;
        int resumeAt = from; // where reading line by line would start: after the last point handed on
        int lastLine = 0;
        // a point is handed on once the next token is on a later line (or the body ends): a line holding anything
        // after its point is broken as a whole, and is read again line by line
        PointInput pending = null;
        try (JsonParser parser = JSON.createParser(body, from, to - from)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr() + baseLine;
                objectStart = from + (int) parser.currentTokenLocation().getByteOffset();
                if (line == lastLine) {
                    throw new JsonParseException(parser, "not one point object per line");
                }
                if (pending != null) {
                    sink.point(pending);
                    pending = null;
                }
                resumeAt = objectStart;
                if (token != JsonToken.START_OBJECT) {
                    throw new JsonParseException(parser, "not one point object per line");
                }
                PointInput point = readObject(parser);
                point.line = line;
                point.index = index++;
                point.start = objectStart;
                point.end = from + (int) parser.currentLocation().getByteOffset();
                lastLine = parser.currentLocation().getLineNr() + baseLine;
                resumeAt = point.end;
                pending = point;
            }
            if (pending != null) {
                sink.point(pending);
            }
            return;
        } catch (JsonParseException e) {
            // read on line by line from where the failing value began
            if (pending != null) {
                int failedLine =
                        e.getLocation() == null ? lastLine : e.getLocation().getLineNr() + baseLine;
                if (failedLine == lastLine) {
                    // something after the point on its line: the whole line is read again (and rejected)
                    resumeAt = lineStart(body, from, pending.start);
                    index = pending.index;
                } else {
                    sink.point(pending);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int line = lineOf(body, 0, resumeAt);
        int start = resumeAt;
        boolean midLine = resumeAt > from && body[resumeAt - 1] != '\n';
        while (start < to) {
            int end = start;
            while (end < to && body[end] != '\n') {
                end++;
            }
            int content = skipWhitespace(body, start, end);
            if (content < end && midLine) {
                sink.unreadable(
                        new Rejection(line, null, "line " + line + ": unexpected content after the point"),
                        content,
                        end);
            } else if (content < end) {
                readLine(body, content, end, line, index++, sink);
            }
            midLine = false;
            line++;
            start = end + 1;
        }
    }

    private static void readLine(byte[] body, int from, int to, int line, int index, PointSink sink) {
        try (JsonParser parser = JSON.createParser(body, from, to - from)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                sink.unreadable(new Rejection(line, index, "line " + line + ": must be a point object"), from, to);
                return;
            }
            PointInput point = readObject(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "unexpected content after the object");
            }
            point.line = line;
            point.index = index;
            point.start = from;
            point.end = to;
            sink.point(point);
        } catch (JsonParseException e) {
            sink.unreadable(
                    new Rejection(line, index, "malformed JSON" + where(e) + ": " + e.getOriginalMessage()), from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the fields of a point; the parser stands on its START_OBJECT and is left on its END_OBJECT. */
    static PointInput readObject(JsonParser parser) throws IOException {
        PointInput point = new PointInput();
        Set<String> fields = new HashSet<>();
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            if (!fields.add(field)) {
                parser.skipChildren();
                point.fail(PointValidator.printable(field) + ": appears twice in the point (a key may appear once)");
                continue;
            }
            switch (field) {
                case "metric" -> point.metric = text(parser, token, "metric", point);
                case "timestamp" -> {
                    String text = text(parser, token, "timestamp", point);
                    if (text != null) {
                        try {
                            point.timestamp = Timestamps.parse(text);
                        } catch (DateTimeParseException e) {
                            point.fail("timestamp: cannot read '" + abbreviate(text)
                                    + "' as a timestamp (ISO-8601 with an offset, e.g. 2026-11-24T10:15:30Z)");
                        }
                    }
                }
                case "value" -> point.value = number(parser, token, "value", point);
                case "numerator" -> point.numerator = number(parser, token, "numerator", point);
                case "denominator" -> point.denominator = number(parser, token, "denominator", point);
                case "dimensions" -> point.dimensions = dimensions(parser, token, point);
                default -> parser.skipChildren(); // unknown fields are ignored: senders may add some
            }
        }
        return point;
    }

    private static String text(JsonParser parser, JsonToken token, String field, PointInput point) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            parser.skipChildren();
            point.fail(field + ": must be a string");
        }
        return null;
    }

    private static Double number(JsonParser parser, JsonToken token, String field, PointInput point)
            throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        parser.skipChildren();
        point.fail(field + ": must be a number");
        return null;
    }

    private static TreeMap<String, String> dimensions(JsonParser parser, JsonToken token, PointInput point)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            point.fail("dimensions: must be an object of names to values");
            return null;
        }
        TreeMap<String, String> dimensions = new TreeMap<>();
        String name;
        while ((name = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING
                    || value == JsonToken.VALUE_NUMBER_INT
                    || value == JsonToken.VALUE_NUMBER_FLOAT
                    || value == JsonToken.VALUE_TRUE
                    || value == JsonToken.VALUE_FALSE) {
                if (dimensions.put(name, parser.getText()) != null) {
                    point.fail("dimensions." + PointValidator.printable(name)
                            + ": appears twice in the point's dimensions (a key may appear once)");
                }
            } else {
                parser.skipChildren();
                point.fail("dimensions." + name + ": must be a string");
            }
        }
        if (dimensions.size() > MAX_DIMENSIONS) {
            point.fail("dimensions: at most " + MAX_DIMENSIONS + " per point");
        }
        return dimensions;
    }

    private static String where(JsonParseException e) {
        return e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
    }

    /** {@code text} cut to 60 characters, for a reason or a log line. */
    public static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Where the line holding {@code at} starts (not before {@code from}). */
    private static int lineStart(byte[] body, int from, int at) {
        int i = at;
        while (i > from && body[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    private static int skipWhitespace(byte[] body, int from, int to) {
        int i = from;
        while (i < to && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** 1-based line number of position {@code at}, counting from {@code from} (line 1). */
    private static int lineOf(byte[] body, int from, int at) {
        int line = 1;
        for (int i = from; i < at; i++) {
            if (body[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
