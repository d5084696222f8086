package dev.whatmoved.metrics.pull.prometheus;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus' duration strings ({@code 15d}, {@code 1h30m}, {@code 1y}), as its status API shows the retention. */
final class PrometheusDurations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|y|w|d|h|m|s)");
    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|y|w|d|h|m|s))+");

    private PrometheusDurations() {}

    /**
     * The time retention in a runtime-info {@code storageRetention} ({@code 15d}, {@code 30d or 10GiB}), empty when it
     * holds none (a size limit only).
     */
    static Optional<Duration> retention(String storageRetention) {
        for (String part : storageRetention.split("\\s+or\\s+")) {
            String text = part.strip();
            if (DURATION.matcher(text).matches()) {
                return Optional.of(parse(text));
            }
        }
        return Optional.empty();
    }

    private static Duration parse(String text) {
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "y" -> Duration.ofDays(365 * n);
                        case "w" -> Duration.ofDays(7 * n);
                        case "d" -> Duration.ofDays(n);
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "s" -> Duration.ofSeconds(n);
                        default -> Duration.ofMillis(n);
                    });
        }
        return total;
    }

    /** {@code step} as PromQL writes a range: whole seconds, e.g. {@code 3600s}. */
    static String promql(Duration step) {
        return step.toSeconds() + "s";
    }
}
