package dev.whatmoved.features.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.problem.ProblemMappers;
import dev.whatmoved.kit.text.StrictUtf8;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A file of past deployments, as {@code POST /api/releases/import} takes it: CSV with a header row, or NDJSON with one
 * release per line as {@code POST /api/releases} takes it. Every line is read and checked as that endpoint checks its
 * body before anything is stored; the problem names each bad line and field.
 */
@ApplicationScoped
public class ReleaseFile {

    public static final String CSV = "text/csv";
    public static final String NDJSON = "application/x-ndjson";

    /**
     * Releases per request: one import is one transaction, so its size is bounded (10,000 took 355 s on a 2-core
     * machine shared with five other test runs; importing them again, all duplicates, 6.6 s).
     */
    public static final int MAX_RELEASES = 10_000;

    /** The CSV columns; the first four are required. */
    static final List<String> COLUMNS =
            List.of("service", "version", "environment", "deployedAt", "commit", "features", "description", "rollback");

    private static final int REQUIRED_COLUMNS = 4;
    private static final int MAX_ERRORS = 50;

    /** A release of the file and the line it starts on (1 is the first line of the body, the header of a CSV). */
    public record Line(int number, ReleaseIntake release) {}

    private final ObjectMapper json;
    private final Validator validator;

    public ReleaseFile(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** The releases of the body, in file order; a problem naming every bad line (up to 50) if any is bad. */
    public List<Line> read(String mediaType, byte[] body) {
        String text;
        try {
            text = StrictUtf8.decode(body);
        } catch (CharacterCodingException e) {
            throw ProblemException.invalid("body", "is not UTF-8 text");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Errors errors = new Errors();
        List<Line> lines = CSV.equals(mediaType) ? csv(text, errors) : ndjson(text, errors);
        errors.throwIfAny();
        if (lines.isEmpty()) {
            throw ProblemException.invalid("body", "holds no release");
        }
        return lines;
    }

    private List<Line> ndjson(String text, Errors errors) {
        List<Line> lines = new ArrayList<>();
        String[] rows = text.split("\r?\n", -1);
        for (int i = 0; i < rows.length && !errors.full(); i++) {
            if (rows[i].isBlank()) {
                continue;
            }
            countOne(lines, errors, i + 1);
            try {
                ReleaseRequest request = json.readValue(rows[i], ReleaseRequest.class);
                if (request == null) {
                    errors.add(i + 1, null, "is null, not a release object");
                    continue;
                }
                check(i + 1, request, errors, lines);
            } catch (JsonParseException e) {
                errors.add(i + 1, null, "is not valid JSON: " + e.getOriginalMessage());
            } catch (JsonMappingException e) {
                errors.add(i + 1, jsonPath(e), e.getOriginalMessage());
            } catch (JsonProcessingException e) {
                errors.add(i + 1, null, "is not a release: " + e.getOriginalMessage());
            }
        }
        return lines;
    }

    private List<Line> csv(String text, Errors errors) {
        List<Line> lines = new ArrayList<>();
        CsvRecords records = new CsvRecords(text);
        CsvRecords.Record header = records.next();
        if (header == null) {
            throw ProblemException.invalid("body", "holds no header row (" + String.join(",", COLUMNS) + ")");
        }
        List<String> columns =
                header.fields().stream().map(c -> canonical(c.strip())).toList();
        for (String column : columns) {
            if (!COLUMNS.contains(column)) {
                throw ProblemException.invalid(
                        "line 1", "column '" + column + "' is not one of " + String.join(", ", COLUMNS));
            }
            if (columns.indexOf(column) != columns.lastIndexOf(column)) {
                throw ProblemException.invalid("line 1", "column '" + column + "' is given twice");
            }
        }
        for (String required : COLUMNS.subList(0, REQUIRED_COLUMNS)) {
            if (!columns.contains(required)) {
                throw ProblemException.invalid("line 1", "the header row lacks the column '" + required + "'");
            }
        }
        for (CsvRecords.Record record = records.next(); record != null && !errors.full(); record = records.next()) {
            if (record.malformed() != null) {
                errors.add(record.line(), null, record.malformed());
                continue;
            }
            if (record.fields().size() == 1 && record.fields().get(0).isBlank()) {
                continue; // an empty line
            }
            countOne(lines, errors, record.line());
            if (record.fields().size() != columns.size()) {
                errors.add(
                        record.line(),
                        null,
                        "has " + record.fields().size() + " fields; the header row names " + columns.size());
                continue;
            }
            ObjectNode release = json.createObjectNode();
            for (int c = 0; c < columns.size(); c++) {
                String value = record.fields().get(c);
                String column = columns.get(c);
                switch (column) {
                    case "features" -> {
                        var keys = release.putArray("features");
                        Arrays.stream(value.split(";"))
                                .map(String::strip)
                                .filter(k -> !k.isEmpty())
                                .forEach(keys::add);
                    }
                    case "rollback" -> {
                        String flag = value.strip().toLowerCase(Locale.ROOT);
                        if (!flag.isEmpty() && !flag.equals("true") && !flag.equals("false")) {
                            errors.add(record.line(), "rollback", "must be true, false or empty");
                        }
                        release.put("rollback", flag.equals("true"));
                    }
                    default -> {
                        // empty optional cells are absent; an empty required one is refused as missing
                        if (!value.isEmpty()) {
                            release.put(column, value);
                        }
                    }
                }
            }
            try {
                check(record.line(), json.treeToValue(release, ReleaseRequest.class), errors, lines);
            } catch (JsonMappingException e) {
                errors.add(record.line(), jsonPath(e), e.getOriginalMessage());
            } catch (JsonProcessingException e) {
                errors.add(record.line(), null, e.getOriginalMessage());
            }
        }
        return lines;
    }

    private void countOne(List<Line> lines, Errors errors, int line) {
        if (lines.size() + errors.lines() >= MAX_RELEASES) {
            throw new ProblemException(
                    413,
                    "payload-too-large",
                    "Payload too large",
                    "line " + line + ": at most " + MAX_RELEASES + " releases are imported per request; split the file",
                    List.of());
        }
    }

    private void check(int line, ReleaseRequest request, Errors errors, List<Line> lines) {
        Set<ConstraintViolation<ReleaseRequest>> violations = validator.validate(request);
        if (violations.isEmpty()) {
            lines.add(new Line(line, request.toImport()));
            return;
        }
        violations.stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .forEach(v -> errors.add(line, ProblemMappers.field(v), v.getMessage()));
    }

    /** The JSON path of what could not be read, as the REST answers name it; null for the line as a whole. */
    private static String jsonPath(JsonMappingException e) {
        String path = ProblemMappers.jsonPath(e);
        return "body".equals(path) ? null : path;
    }

    /** A header cell as the column it names: {@code deployed_at} and {@code DeployedAt} name {@code deployedAt}. */
    private static String canonical(String header) {
        String folded = header.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        return COLUMNS.stream()
                .filter(c -> c.toLowerCase(Locale.ROOT).equals(folded))
                .findFirst()
                .orElse(header);
    }

    /** The bad lines found so far: each named in the problem, as {@code line 3: deployedAt} with the reason. */
    private static final class Errors {

        private final List<Problem.FieldError> found = new ArrayList<>();
        private final java.util.Set<Integer> badLines = new java.util.HashSet<>();

        void add(int line, String field, String message) {
            if (full()) {
                return;
            }
            badLines.add(line);
            found.add(new Problem.FieldError("line " + line + (field == null ? "" : ": " + field), message));
        }

        boolean full() {
            return found.size() >= MAX_ERRORS;
        }

        int lines() {
            return badLines.size();
        }

        void throwIfAny() {
            if (found.isEmpty()) {
                return;
            }
            String detail = String.join(
                    "; ",
                    found.stream().map(f -> f.field() + ": " + f.message()).toList());
            if (full()) {
                detail += "; (reading stopped after " + MAX_ERRORS + " errors)";
            }
            throw new ProblemException(
                    400, "invalid-request", "Invalid request", detail + ". Nothing of the file was stored.", found);
        }
    }
}
