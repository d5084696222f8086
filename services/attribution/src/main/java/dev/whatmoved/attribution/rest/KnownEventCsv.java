package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.KnownEventInput;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.text.StrictUtf8;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a calendar of known events from CSV: a header row naming the columns {@code name}, {@code kind}, {@code from},
 * {@code to} and optionally {@code metrics} (in any order), then one event per row, its metrics separated by {@code ;}
 * (none: every metric). Fields may be quoted (RFC 4180: {@code "a, b"}, {@code ""} for a quote). Errors name the line
 * ({@code line[3].from}) and are all reported at once.
 */
public final class KnownEventCsv {

    /** At most this many events per import. */
    public static final int MAX_ROWS = 1000;

    private static final List<String> REQUIRED = List.of("name", "kind", "from", "to");
    private static final List<String> COLUMNS = List.of("name", "kind", "from", "to", "metrics");

    /**
     * One data row: its line in the file (where it starts) and the event it describes, or why it cannot be read.
     *
     * @param unreadable why the row cannot be read as an event (its fields), or null
     */
    public record Row(int line, KnownEventRequest event, String unreadable) {

        /** The prefix of this row's field names in errors. */
        public String field() {
            return "line[" + line + "]";
        }

        KnownEventInput.Row toInput() {
            return new KnownEventInput.Row(field(), event == null ? null : event.toInput(), unreadable);
        }
    }

    private final String text;
    private int pos;
    private int line = 1;

    private KnownEventCsv(String text) {
        this.text = text;
        this.pos = text.startsWith("\uFEFF") ? 1 : 0; // a byte order mark, as spreadsheets write
    }

    /**
     * The rows of the body.
     *
     * @throws ProblemException (400) naming the header, or the body
     */
    public static List<Row> read(byte[] body) {
        KnownEventCsv reader = new KnownEventCsv(utf8(body == null ? new byte[0] : body));
        Cells header = reader.row();
        if (header == null || header.blank()) {
            throw ProblemException.invalid(
                    "header", "the body is empty: a header row name,kind,from,to,metrics is expected");
        }
        if (header.error() != null) {
            throw ProblemException.invalid("header", header.error());
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String column = header.cells().get(i).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(column)) {
                throw ProblemException.invalid(
                        "header",
                        "unknown column '" + abbreviate(header.cells().get(i)) + "' (the columns are " + COLUMNS + ")");
            }
            if (columns.put(column, i) != null) {
                throw ProblemException.invalid("header", "column '" + column + "' appears twice");
            }
        }
        for (String column : REQUIRED) {
            if (!columns.containsKey(column)) {
                throw ProblemException.invalid("header", "no '" + column + "' column");
            }
        }
        Integer metricsColumn = columns.get("metrics");
        List<Row> rows = new ArrayList<>();
        for (Cells row = reader.row(); row != null; row = reader.row()) {
            if (row.blank()) {
                continue; // an empty line
            }
            if (rows.size() == MAX_ROWS) {
                throw ProblemException.invalid("body", "at most " + MAX_ROWS + " events per import");
            }
            List<String> cells = row.cells();
            if (row.error() != null) {
                rows.add(new Row(row.line(), null, row.error()));
            } else if (cells.size() != columns.size()) {
                rows.add(new Row(row.line(), null, "has " + cells.size() + " fields, the header " + columns.size()));
            } else {
                List<String> metrics = metricsColumn == null
                        ? List.of()
                        : Arrays.stream(cells.get(metricsColumn).split(";"))
                                .map(String::strip)
                                .filter(m -> !m.isEmpty())
                                .toList();
                rows.add(new Row(
                        row.line(),
                        new KnownEventRequest(
                                cells.get(columns.get("name")),
                                cells.get(columns.get("kind")).strip(),
                                cells.get(columns.get("from")).strip(),
                                cells.get(columns.get("to")).strip(),
                                metrics),
                        null));
            }
        }
        if (rows.isEmpty()) {
            throw ProblemException.invalid("body", "holds no event: one row per event is expected after the header");
        }
        return rows;
    }

    /** A row's fields and the line it starts on, or why it cannot be read. */
    private record Cells(int line, List<String> cells, String error) {

        boolean blank() {
            return error == null && cells.size() == 1 && cells.get(0).isBlank();
        }
    }

    /** The next row, or null at the end of the body. */
    private Cells row() {
        if (pos >= text.length()) {
            return null;
        }
        int start = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        String error = null;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (quoted) {
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        cell.append('"');
                        pos++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n' || c == '\r' && !(pos < text.length() && text.charAt(pos) == '\n')) {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                break;
            } else if (c == '"' && !afterQuote && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
            } else if (afterQuote) {
                if (!Character.isWhitespace(c) && error == null) {
                    error = "text after a closing quote";
                }
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            error = "a quoted field is not closed";
        }
        cells.add(cell.toString());
        return new Cells(start, cells, error);
    }

    private static String utf8(byte[] body) {
        try {
            return StrictUtf8.decode(body);
        } catch (CharacterCodingException e) {
            throw ProblemException.invalid("body", "must be UTF-8 text");
        }
    }

    private static String abbreviate(String value) {
        String printable = value.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
