package dev.whatmoved.notify.digest;

import dev.whatmoved.kit.problem.ProblemException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A digest's period back from now: {@code 7d}, {@code 2w}, {@code 36h}, or ISO-8601 ({@code P7D}); up to a year. */
public final class DigestSince {

    static final Duration MAX = Duration.ofDays(366);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,4})([hdw])");

    private DigestSince() {}

    public static Duration parse(String text) {
        Duration since;
        Matcher m = SHORT.matcher(text == null ? "" : text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            since = switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        } else {
            try {
                since = Duration.parse(text);
            } catch (DateTimeParseException | NullPointerException e) {
                throw ProblemException.invalid("since", "'" + text + "' is not a period: say 7d, 2w, 36h or P7D");
            }
        }
        if (since.isNegative() || since.isZero() || since.compareTo(MAX) > 0) {
            throw ProblemException.invalid("since", "must be more than nothing and at most 366 days");
        }
        return since;
    }
}
