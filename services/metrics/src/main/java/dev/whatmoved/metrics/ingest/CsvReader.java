package dev.whatmoved.metrics.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a CSV backfill of one metric: a header row naming the columns, then one point per row. {@code timestamp} and
 * {@code value} (or {@code numerator} and {@code denominator}) are the point; every other column is a dimension (an
 * empty cell: the row has no value for it). Fields may be quoted (RFC 4180: {@code "a, b"}, {@code ""} for a quote).
 */
public final class CsvReader {

    /** The header of a CSV body. */
    public record Header(List<String> columns, List<String> dimensions) {}

    /** A number as CSV files write it: digits with an optional sign, point and exponent (no NaN, hex or 5d). */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final byte[] body;
    private int pos;
    private int line = 1;
    /** What is wrong with the syntax of the row read last (an unclosed quote...), or null. */
    private String rowProblem;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private CsvReader(byte[] body) {
        this.body = body;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            pos = 3; // a byte order mark, as spreadsheets write
        }
    }

    /**
     * Reads the header row.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static Header header(byte[] body) {
        CsvReader reader = new CsvReader(body);
        List<String> columns = reader.row();
        if (columns == null) {
            throw new IllegalArgumentException("the body is empty: a header row (timestamp,value,...) is expected");
        }
        if (reader.rowProblem != null) {
            throw new IllegalArgumentException(reader.rowProblem);
        }
        List<String> dimensions = new ArrayList<>();
        for (String column : columns) {
            String name = column.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a column has no name");
            }
            if (!List.of("timestamp", "value", "numerator", "denominator").contains(name)) {
                dimensions.add(name);
            }
        }
        if (!columns.stream().map(String::strip).toList().contains("timestamp")) {
            throw new IllegalArgumentException("no 'timestamp' column");
        }
        if (columns.stream().map(String::strip).distinct().count() != columns.size()) {
            throw new IllegalArgumentException("a column name appears twice");
        }
        return new Header(columns.stream().map(String::strip).toList(), dimensions);
    }

    /** Reads every row after the header into {@code sink}. */
    public static void read(byte[] body, PointSink sink) {
        CsvReader reader = new CsvReader(body);
        List<String> columns = reader.row().stream().map(String::strip).toList();
        int index = 0;
        while (true) {
            int start = reader.pos;
            int line = reader.line;
            List<String> cells = reader.row();
            if (cells == null) {
                return;
            }
            if (reader.rowProblem != null) {
                sink.unreadable(
                        new Rejection(line, index++, "line " + line + ": " + reader.rowProblem), start, reader.pos);
                continue;
            }
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue; // an empty line
            }
            if (cells.size() != columns.size()) {
                sink.unreadable(
                        new Rejection(
                                line,
                                index++,
                                "line " + line + ": has " + cells.size() + " fields, the header " + columns.size()),
                        start,
                        reader.pos);
                continue;
            }
            PointInput point = new PointInput();
            point.line = line;
            point.index = index++;
            point.start = start;
            point.end = reader.pos;
            for (int i = 0; i < columns.size(); i++) {
                String cell = cells.get(i).strip();
                switch (columns.get(i)) {
                    case "timestamp" -> {
                        if (!cell.isEmpty()) {
                            try {
                                point.timestamp = Timestamps.parse(cell);
                            } catch (DateTimeParseException e) {
                                point.fail("timestamp: cannot read '" + PointReader.abbreviate(cell)
                                        + "' as a timestamp (ISO-8601 with an offset, e.g. 2026-11-24T10:15:30Z)");
                            }
                        }
                    }
                    case "value" -> point.value = number(cell, "value", point);
                    case "numerator" -> point.numerator = number(cell, "numerator", point);
                    case "denominator" -> point.denominator = number(cell, "denominator", point);
                    default -> {
                        if (!cell.isEmpty()) {
                            if (point.dimensions == null) {
                                point.dimensions = new TreeMap<>();
                            }
                            point.dimensions.put(columns.get(i), cell);
                        }
                    }
                }
            }
            sink.point(point);
        }
    }

    private static Double number(String cell, String field, PointInput point) {
        if (cell.isEmpty()) {
            return null;
        }
        if (cell.length() > 100 || !NUMBER.matcher(cell).matches()) {
            point.fail(field + ": cannot read '" + PointReader.abbreviate(cell) + "' as a number");
            return null;
        }
        return Double.parseDouble(cell);
    }

    /**
     * A field's bytes as text. Bytes that are not UTF-8 (a file saved as Latin-1, a cut character) make the row
     * malformed rather than being stored as replacement characters.
     */
    private String text(java.io.ByteArrayOutputStream bytes, int field) {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            if (rowProblem == null) {
                rowProblem = "field " + (field + 1) + " is not UTF-8 text (save the file as UTF-8)";
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** The fields of the next row, or null at the end of the body. */
    private List<String> row() {
        if (pos >= body.length) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        rowProblem = null;
        boolean quoted = false;
        boolean closed = false; // the field's closing quote was passed: only blanks may follow before its end
        int fieldStart = pos;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (pos < body.length) {
            byte b = body[pos];
            if (quoted) {
                if (b == '"') {
                    if (pos + 1 < body.length && body[pos + 1] == '"') {
                        bytes.write('"');
                        pos += 2;
                        continue;
                    }
                    quoted = false;
                    closed = true;
                    pos++;
                    continue;
                }
                if (b == '\n') {
                    line++;
                }
                bytes.write(b);
                pos++;
                continue;
            }
            if (b == '"' && pos == fieldStart) {
                quoted = true;
                pos++;
                continue;
            }
            if (b == ',') {
                fields.add(text(bytes, fields.size()));
                bytes.reset();
                pos++;
                fieldStart = pos;
                closed = false;
                continue;
            }
            if (closed && b != '\n' && b != '\r' && b != ' ' && b != '\t' && rowProblem == null) {
                rowProblem = "text after the closing quote of field " + (fields.size() + 1)
                        + " (a quote inside a quoted field is written twice: \"\")";
            }
            if (b == '\n' || b == '\r') {
                pos++;
                if (b == '\r' && pos < body.length && body[pos] == '\n') {
                    pos++;
                }
                line++;
                fields.add(text(bytes, fields.size()));
                return fields;
            }
            bytes.write(b);
            pos++;
        }
        if (quoted) {
            rowProblem = "the quote that opens field " + (fields.size() + 1)
                    + " is never closed (the rest of the file would be one field)";
        }
        fields.add(text(bytes, fields.size()));
        return fields;
    }
}
