package dev.whatmoved.features.rest;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of a CSV text as RFC 4180 writes them: comma-separated fields, a field in double quotes may hold commas,
 * line breaks and doubled quotes ({@code ""}); records end at CRLF or LF. Each record knows the line it starts on.
 */
final class CsvRecords {

    /**
     * @param line the line the record starts on (1-based)
     * @param malformed why the record cannot be read (an unclosed quote, text after a closing quote), or null
     */
    record Record(int line, List<String> fields, String malformed) {}

    private final String text;
    private int at;
    private int line = 1;

    CsvRecords(String text) {
        this.text = text;
    }

    /** The next record, or null at the end of the text. */
    Record next() {
        if (at >= text.length()) {
            return null;
        }
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String malformed = null;
        boolean quoted = false;
        boolean afterQuote = false;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (quoted) {
                if (c == '"') {
                    if (at < text.length() && text.charAt(at) == '"') {
                        field.append('"');
                        at++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || (c == '\r' && at < text.length() && text.charAt(at) == '\n')) {
                if (c == '\r') {
                    at++;
                }
                line++;
                fields.add(field.toString());
                return new Record(start, fields, malformed);
            } else if (c == '"' && field.isEmpty() && !afterQuote) {
                quoted = true;
            } else if (afterQuote || c == '"') {
                if (malformed == null) {
                    malformed = "has a quote inside a field that is not quoted, or text after a closing quote";
                }
                field.append(c);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            malformed = "has a quoted field that is never closed";
        }
        fields.add(field.toString());
        return new Record(start, fields, malformed);
    }
}
