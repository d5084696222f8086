package dev.whatmoved.console.page;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A period a list is filtered by: a quarter ({@code 2026-Q4}) or a month ({@code 2026-11}), in UTC days.
 *
 * @param name as written in the URL
 * @param from the first day
 * @param until the day after the last
 */
public record Period(String name, LocalDate from, LocalDate until) {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");

    /** What a period looks like, for the page that refuses one. */
    public static final String EXPECTED = "a quarter such as 2026-Q4 or a month such as 2026-11";

    /** The period this text names, or nothing (blank is no period; anything else is refused by the URL check). */
    public static Optional<Period> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher quarter = QUARTER.matcher(text);
        if (quarter.matches()) {
            LocalDate first = LocalDate.of(
                    Integer.parseInt(quarter.group(1)), (Integer.parseInt(quarter.group(2)) - 1) * 3 + 1, 1);
            return Optional.of(new Period(text, first, first.plusMonths(3)));
        }
        Matcher month = MONTH.matcher(text);
        if (month.matches()) {
            YearMonth ym = YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2)));
            return Optional.of(new Period(text, ym.atDay(1), ym.plusMonths(1).atDay(1)));
        }
        return Optional.empty();
    }

    /** Whether the text names a period (or is blank). */
    public static boolean valid(String text) {
        return text == null || text.isBlank() || parse(text).isPresent();
    }

    /** Whether the instant (an ISO instant, as the services write them) falls in the period. */
    public boolean holds(String instant) {
        if (instant == null || instant.isEmpty()) {
            return false;
        }
        LocalDate day = Days.dayOf(instant);
        return !day.isBefore(from) && day.isBefore(until);
    }

    /** The first instant, for features' {@code from}. */
    public String fromInstant() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }

    /** The last second, for features' {@code to} (inclusive). */
    public String toInstant() {
        return until.atStartOfDay(ZoneOffset.UTC).minusSeconds(1).toInstant().toString();
    }
}
