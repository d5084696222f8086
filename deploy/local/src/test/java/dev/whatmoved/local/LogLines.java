package dev.whatmoved.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Counts the lines of the platform's logs ({@code <data dir>/logs}, one file per part) and their warnings: records at
 * WARN, ERROR or FATAL (PostgreSQL: WARNING, ERROR, FATAL, PANIC), each counted once whatever its stack trace. Vert.x's
 * blocked-thread warnings are left out: they say the machine is busy, not that a part is away. What the chaos test
 * bounds per outage (issue 21: an outage used to log a warning per poll).
 */
final class LogLines {

    /** A record's first line: a service's or the broker's timestamp, or PostgreSQL's. */
    private static final Pattern RECORD = Pattern.compile(
            "^(?:\\d{4}-\\d\\d-\\d\\d[ T][\\d:.,]+(?: \\S+)? +(\\w+)|\\[\\d{4}-\\d\\d-\\d\\d [\\d:.,]+\\] (\\w+))\\b.*");

    private static final Pattern POSTGRES = Pattern.compile("^.*?\\b(LOG|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT):.*");

    /** One log's lines, and its records of warnings and errors. */
    record Count(long lines, long warnings) {
        Count minus(Count before) {
            return new Count(lines - before.lines, warnings - before.warnings);
        }
    }

    private LogLines() {}

    /** Every {@code *.log} in {@code logs}, by file name. */
    static Map<String, Count> count(Path logs) {
        Map<String, Count> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                counts.put(file.getFileName().toString(), count(Files.readAllLines(file, StandardCharsets.ISO_8859_1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    static Count count(List<String> lines) {
        long warnings = 0;
        for (String line : lines) {
            Matcher record = RECORD.matcher(line);
            Matcher postgres = POSTGRES.matcher(line);
            if (record.matches()) {
                String level = record.group(1) != null ? record.group(1) : record.group(2);
                if (isWarning(level) && !line.contains("BlockedThreadChecker")) {
                    warnings++;
                }
            } else if (postgres.matches() && isWarning(postgres.group(1))) {
                warnings++;
            }
        }
        return new Count(lines.size(), warnings);
    }

    private static boolean isWarning(String level) {
        return switch (level) {
            case "WARN", "WARNING", "ERROR", "FATAL", "PANIC", "SEVERE" -> true;
            default -> false;
        };
    }
}
