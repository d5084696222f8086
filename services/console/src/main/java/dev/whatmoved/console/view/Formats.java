package dev.whatmoved.console.view;

import dev.whatmoved.console.client.PredictedChange;
import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How numbers, effects and times read on the pages. */
@TemplateExtension(namespace = "fmt")
public class Formats {

    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Formats() {}

    /** An instant as {@code 2026-11-24 10:15 UTC}; text that is no instant as it is. */
    static String time(Object value) {
        if (value == null) {
            return "–";
        }
        try {
            return DAY_TIME.format(Instant.parse(value.toString()));
        } catch (DateTimeParseException e) {
            return value.toString();
        }
    }

    static String day(Object value) {
        if (value == null) {
            return "–";
        }
        try {
            return DAY.format(Instant.parse(value.toString()));
        } catch (DateTimeParseException e) {
            return value.toString();
        }
    }

    /** A fraction as a signed percentage: 0.031 → {@code +3.1 %}. */
    static String fraction(Object value) {
        return value instanceof Number n ? signed(n.doubleValue() * 100) : "–";
    }

    /** A percentage as a signed percentage: 3.1 → {@code +3.1 %}. */
    static String pct(Object value) {
        return value instanceof Number n ? signed(n.doubleValue()) : "–";
    }

    /** A probability or rate as a percentage without sign: 0.7 → {@code 70 %}. */
    static String share(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.0f %%", n.doubleValue() * 100) : "–";
    }

    /** A magnitude in percent, without sign: 1.234 → {@code 1.23 %} (a minimum detectable effect). */
    static String magnitude(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.2f %%", Math.abs(n.doubleValue())) : "–";
    }

    static String number(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "–";
    }

    /**
     * What a prediction said, signed by its direction: {@code +3.0 % [+1.0 %, +5.0 %]} for "up 3 % (1 to 5)", {@code
     * -2.0 %} for "down 2 %" without a range; for a guardrail, how far it may degrade ({@code guardrail: -1.5 % at
     * worst}).
     */
    public static String predictedText(Object value) {
        return predicted(value);
    }

    static String predicted(Object value) {
        if (!(value instanceof PredictedChange p)) {
            return "–";
        }
        int sign = Direction.sign(p.direction());
        if (p.isGuardrail()) {
            return p.tolerancePct() != null
                    ? "guardrail: " + signed(-sign * Math.abs(p.tolerancePct())) + " at worst"
                    : "guardrail";
        }
        if (p.expectedChangePct() == null) {
            return p.direction() == null ? "–" : p.direction();
        }
        String expected = signed(sign * Math.abs(p.expectedChangePct()));
        if (p.lowPct() == null || p.highPct() == null) {
            return expected;
        }
        double low = sign * Math.abs(p.lowPct());
        double high = sign * Math.abs(p.highPct());
        return expected + " [" + signed(Math.min(low, high)) + ", " + signed(Math.max(low, high)) + "]";
    }

    /** A commit id shortened to 12 characters. */
    static String commit(Object value) {
        if (value == null) {
            return "–";
        }
        String text = value.toString();
        return text.length() > 12 ? text.substring(0, 12) : text;
    }

    /**
     * A value as one path segment of a link, {@code href="/features/{fmt:path(key)}"}: percent-encoded, so a slash,
     * {@code ?} or {@code #} in it stays part of the segment. (Qute then escapes it for the attribute.)
     */
    static String path(Object value) {
        return value == null
                ? ""
                : URLEncoder.encode(value.toString(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A value as a query parameter's value, {@code href="/calibration?team={fmt:query(team)}"}: percent-encoded. */
    static String query(Object value) {
        return value == null ? "" : URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }

    private static String signed(double percent) {
        return String.format(Locale.ROOT, "%+.1f %%", percent);
    }
}
