package dev.whatmoved.testing.corpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The classes of bad CSV, derived from a valid header and one row. Each bad body holds that one row only, so an
 * endpoint that takes the valid rows of a file and lists the others (a partial success) must still refuse it.
 */
final class CsvCases {

    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}(T.*)?");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private final RawRequest valid;
    private final List<String> header;
    private final List<String> row;
    private final List<BadCase> out;

    private CsvCases(RawRequest valid, List<BadCase> out) {
        this.valid = valid;
        this.out = out;
        String[] lines = new String(valid.body(), StandardCharsets.UTF_8).split("\r?\n");
        if (lines.length < 2) {
            throw new IllegalArgumentException("the valid CSV sample of " + valid.path() + " needs a header and a row");
        }
        this.header = List.of(lines[0].split(",", -1));
        this.row = List.of(lines[1].split(",", -1));
    }

    static void generate(RawRequest valid, Set<String> requiredColumns, List<BadCase> out) {
        CsvCases cases = new CsvCases(valid, out);
        cases.rows();
        for (int i = 0; i < cases.row.size(); i++) {
            cases.cell(i, requiredColumns.contains(cases.header.get(i)));
        }
    }

    private void rows() {
        String headerLine = String.join(",", header);
        String rowLine = String.join(",", row);
        add("malformed-row", "empty body", "");
        add("malformed-row", "no header row", rowLine + "\n");
        add("malformed-row", "an unterminated quote", headerLine + "\n\"" + rowLine + "\n");
        add("malformed-row", "one cell too many", headerLine + "\n" + rowLine + ",extra\n");
        add(
                "malformed-row",
                "one cell too few",
                headerLine + "\n" + String.join(",", row.subList(0, row.size() - 1)) + "\n");
        add("truncated", "cut inside the row", headerLine + "\n" + rowLine.substring(0, rowLine.length() / 2));
        add(
                "duplicate-key",
                "the first column twice",
                headerLine + "," + header.get(0) + "\n" + rowLine + "," + row.get(0) + "\n");
    }

    private void cell(int i, boolean required) {
        String column = header.get(i);
        String value = row.get(i);
        String where = "column " + column;
        if (required) {
            List<String> h = new ArrayList<>(header);
            List<String> r = new ArrayList<>(row);
            h.remove(i);
            r.remove(i);
            add("missing-required", where + " left out", String.join(",", h) + "\n" + String.join(",", r) + "\n");
        }
        if (DATE.matcher(value).matches()) {
            boolean time = value.contains("T");
            add("impossible-date", where + ": year -5000", with(i, time ? "-5000-01-01T00:00:00Z" : "-5000-01-01"));
            add(
                    "impossible-date",
                    where + ": year +1000000000",
                    with(i, time ? "+1000000000-01-01T00:00:00Z" : "+1000000000-01-01"));
            add("impossible-date", where + ": February 30", with(i, time ? "2026-02-30T10:00:00Z" : "2026-02-30"));
            add("wrong-type", where + ": a word instead of a date", with(i, "yesterday"));
        } else if (NUMBER.matcher(value).matches()) {
            add("impossible-number", where + ": 1e400", with(i, "1e400"));
            add("impossible-number", where + ": -1e400", with(i, "-1e400"));
            add("impossible-number", where + ": Infinity", with(i, "Infinity"));
            add("impossible-number", where + ": NaN", with(i, "NaN"));
            add("wrong-type", where + ": a word instead of a number", with(i, "many"));
        } else {
            int half = value.length() / 2;
            String before = value.substring(0, half);
            String after = value.substring(half);
            add("nul-char", where + ": U+0000 inside", with(i, before + "\u0000" + after));
            add("control-char", where + ": U+0001 inside", with(i, before + "\u0001" + after));
            add("control-char", where + ": U+001B (ESC) inside", with(i, before + "\u001b" + after));
            add("invalid-utf8", where + ": byte FF inside", withBytes(i, before, new byte[] {(byte) 0xff}, after));
            add(
                    "invalid-utf8",
                    where + ": overlong NUL C0 80 inside",
                    withBytes(i, before, new byte[] {(byte) 0xc0, (byte) 0x80}, after));
        }
    }

    private String with(int i, String value) {
        String[] cells = row.toArray(String[]::new);
        cells[i] = value;
        return String.join(",", header) + "\n" + String.join(",", Arrays.asList(cells)) + "\n";
    }

    private byte[] withBytes(int i, String before, byte[] inside, String after) {
        String marker = "@@corpus-raw@@";
        return Bytes.splice(with(i, before + marker + after), marker, inside);
    }

    private void add(String kind, String variant, String body) {
        add(kind, variant, Bytes.utf8(body));
    }

    private void add(String kind, String variant, byte[] body) {
        out.add(new BadCase(kind, variant, valid.withBody(body)));
    }
}
