package dev.whatmoved.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The date-times events carry: RFC 3339 ({@code 2026-11-24T10:15:30Z}, {@code 2026-11-24T11:15:30.5+01:00}) between
 * {@link #EARLIEST} and {@link #LATEST}, as the schemas' {@code date-time} fields say. Intake parses what it is sent
 * with this, so a time an event could not carry (year 169108099, year -5000) is refused at the door instead of being
 * stored and published.
 */
public final class EventTimes {

    /** Nothing whatmoved records (a deployment, a commitment) happened before the Unix epoch. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    /** The last instant of year 9999: RFC 3339 has four-digit years, so later times cannot be written. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** What a refused time is told. */
    public static final String EXPECTED =
            "must be an RFC 3339 date-time (e.g. 2026-11-24T10:15:30Z) from 1970-01-01 to 9999-12-31";

    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private EventTimes() {}

    /**
     * Reads an RFC 3339 date-time within the range (fractions of a second to nanoseconds).
     *
     * @throws DateTimeParseException when {@code text} is not one (another shape, an impossible date, out of range)
     */
    public static Instant parse(String text) {
        if (text == null || !RFC_3339.matcher(text).matches()) {
            throw new DateTimeParseException("not an RFC 3339 date-time", text == null ? "" : text, 0);
        }
        Instant instant = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        return requireInRange(instant, text);
    }

    /** Whether an event can carry {@code instant}. */
    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /**
     * {@code instant}, if an event can carry it.
     *
     * @param text what it was read from (for the exception)
     * @throws DateTimeParseException when it is before {@link #EARLIEST} or after {@link #LATEST}
     */
    public static Instant requireInRange(Instant instant, String text) {
        if (!inRange(instant)) {
            throw new DateTimeParseException(
                    "outside " + EARLIEST + " to " + LATEST, text == null ? instant.toString() : text, 0);
        }
        return instant;
    }
}
