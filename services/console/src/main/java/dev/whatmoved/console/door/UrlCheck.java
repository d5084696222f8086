package dev.whatmoved.console.door;

import dev.whatmoved.console.page.ListFilters;
import dev.whatmoved.console.page.Period;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * What the console accepts in a URL before it asks any service: no control character in a path segment or a query
 * parameter (PostgreSQL refuses NUL, and no key, id, team or owner holds one), a release id that is a UUID, a page
 * number that is a whole number. Plain logic on the raw path and query, so the same rules hold whether or not a page
 * matches the path.
 */
public final class UrlCheck {

    private UrlCheck() {}

    /** What is wrong with this URL, or nothing. */
    public static Optional<UrlProblem> of(String rawPath, String rawQuery) {
        String[] segments = (rawPath == null ? "" : rawPath).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = decode(segments[i].replace("+", "%2B"));
            String collection = i == 2 ? segments[1] : "";
            if (segment == null) {
                return Optional.of(bad(pathPart(collection) + " is not valid percent-encoding", collection));
            }
            int control = control(segment);
            if (control >= 0) {
                return Optional.of(bad(
                        pathPart(collection) + " contains the control character " + codePoint(control)
                                + ", which no name or id in whatmoved holds",
                        collection));
            }
            if (i == 2
                    && segments.length == 3
                    && collection.equals("releases")
                    && !segment.isEmpty()
                    && !isUuid(segment)) {
                return Optional.of(bad(
                        "the release id \"" + segment + "\" is not a UUID (a release id reads like"
                                + " 5b0c1f1e-8d4e-4f7e-9a53-2b1f3c4d5e6f)",
                        collection));
            }
        }
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        String section = segments.length > 1 ? segments[1] : "";
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name == null || value == null) {
                return Optional.of(bad("the query string is not valid percent-encoding", section));
            }
            String shown = control(name) >= 0 ? "a query parameter" : "the query parameter " + name;
            int control = Math.max(control(name), control(value));
            if (control >= 0) {
                return Optional.of(bad(
                        shown + " contains the control character " + codePoint(control)
                                + ", which no name or id in whatmoved holds",
                        section));
            }
            if (name.equals("page") && !value.matches("[0-9]{1,9}")) {
                return Optional.of(bad(
                        "the query parameter page must be a page number (0, 1, 2 ...), not \"" + value + "\"",
                        section));
            }
            boolean list = segments.length == 2 && (section.equals("features") || section.equals("releases"));
            if (list && name.equals("period") && !Period.valid(value)) {
                return Optional.of(bad(
                        "the query parameter period must be " + Period.EXPECTED + ", not \"" + value + "\"", section));
            }
            if (list && name.equals("verdict") && !value.isEmpty() && !ListFilters.VERDICTS.contains(value)) {
                return Optional.of(bad(
                        "the query parameter verdict must be one of " + String.join(", ", ListFilters.VERDICTS)
                                + ", not \"" + value + "\"",
                        section));
            }
        }
        return Optional.empty();
    }

    private static UrlProblem bad(String detail, String section) {
        return switch (section) {
            case "features" -> UrlProblem.badRequest(detail, "/features", "all features");
            case "releases" -> UrlProblem.badRequest(detail, "/releases", "all releases");
            case "metrics" -> UrlProblem.badRequest(detail, "/metrics", "the metric catalogue");
            case "calibration" -> UrlProblem.badRequest(detail, "/calibration", "the calibration of everyone");
            default -> UrlProblem.badRequest(detail, "/", "the overview");
        };
    }

    private static String pathPart(String collection) {
        return switch (collection) {
            case "features" -> "the feature key";
            case "releases" -> "the release id";
            case "metrics" -> "the metric key";
            default -> "the path";
        };
    }

    /** The first control character (C0, DEL or C1) in the text, or -1. */
    private static int control(String text) {
        return text.chars().filter(Character::isISOControl).findFirst().orElse(-1);
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    private static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The decoded text, or null when the percent-encoding is broken. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
