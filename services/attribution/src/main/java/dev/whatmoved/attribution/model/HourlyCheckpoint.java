package dev.whatmoved.attribution.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 1-day checkpoint on hourly data: the 24 full hours after the release's hour against a counterfactual learnt
 * from the {@code preHours} hours before it, with a daily (24-hour) season and a level per day of the week (a Saturday
 * after a fortnight of weekdays is not forecast as a weekday). A day of daily data is a single point; 24
 * hours give the model something to measure.
 *
 * <p>{@link CheckpointAnalysis} works on equally spaced slots that it addresses as consecutive {@link LocalDate}s; here
 * each slot is an hour: hour {@code i} after the first pre-period hour is the slot {@code ORIGIN + i days}. Everything
 * the analysis does is relative to slots (the release's own slot left out, other releases as steps from their next
 * slot, their own slots left out), so it carries over unchanged; the result's window is mapped back to real days.
 */
public final class HourlyCheckpoint {

    /** Post-period hours of the 1-day checkpoint. */
    public static final int POST_HOURS = 24;

    /** Observed pre-period hours each day of the week needs for the day-of-week levels. */
    static final int MIN_HOURS_PER_WEEKDAY = 12;

    private static final LocalDate ORIGIN = LocalDate.of(2000, 1, 1);

    /** Another release of the metric: when it was deployed and, if it was, rolled back. */
    public record OtherRelease(String id, Instant deployedAt, Instant rolledBackAt) {}

    /**
     * @param hourly the metric's value per hour (start of the hour, UTC); an hour without a value is missing data
     */
    public record Request(
            Instant releasedAt,
            Instant rolledBackAt,
            CheckpointAnalysis.Expectation expectation,
            Map<Instant, Double> hourly,
            List<OtherRelease> others,
            CheckpointAnalysis.Settings settings,
            List<Integer> looks,
            boolean dayOfWeek) {

        public Request(
                Instant releasedAt,
                Instant rolledBackAt,
                CheckpointAnalysis.Expectation expectation,
                Map<Instant, Double> hourly,
                List<OtherRelease> others,
                CheckpointAnalysis.Settings settings) {
            this(releasedAt, rolledBackAt, expectation, hourly, others, settings, List.of(), true);
        }

        /** The first hour of the pre-period. */
        public Instant firstHour() {
            return hour(releasedAt).minus(Duration.ofHours(settings.preDays()));
        }

        /** The end (exclusive) of the last hour read. */
        public Instant end() {
            return hour(releasedAt).plus(Duration.ofHours(POST_HOURS + 1));
        }
    }

    private final CheckpointAnalysis analysis;

    public HourlyCheckpoint(CheckpointAnalysis analysis) {
        this.analysis = analysis;
    }

    /** Whether the hourly data covers enough of the window to be used rather than the daily data. */
    public static boolean enough(Request request) {
        Instant first = request.firstHour();
        Instant release = hour(request.releasedAt());
        long pre = request.hourly().keySet().stream()
                .filter(h -> !h.isBefore(first) && h.isBefore(release))
                .count();
        long post = request.hourly().keySet().stream()
                .filter(h -> h.isAfter(release) && h.isBefore(request.end()))
                .count();
        return pre >= request.settings().minPreDays()
                && post >= Math.ceil(request.settings().minPostShare() * POST_HOURS);
    }

    public CheckpointAnalysis.Result measure(Request request) {
        Instant first = request.firstHour();
        CheckpointAnalysis.Result result = analysis.measure(inSlots(request));
        CheckpointAnalysis.Window w = result.window();
        CheckpointAnalysis.Window real = new CheckpointAnalysis.Window(
                day(first, w.preFrom()),
                day(first, w.preTo()),
                day(first, w.postFrom()),
                day(first, w.postTo()),
                w.truncated());
        List<CheckpointAnalysis.Confounder> confounders = result.confounders().stream()
                .map(c -> new CheckpointAnalysis.Confounder(
                        c.id(),
                        day(first, c.day()),
                        c.rollbackDay() == null ? null : day(first, c.rollbackDay()),
                        c.period().equals("same-day") ? "same-hour" : c.period(),
                        c.separated(),
                        c.effect(),
                        c.effectSd()))
                .toList();
        String reason = result.reason() == null ? null : result.reason().replace("day", "hour");
        return new CheckpointAnalysis.Result(
                result.verdict(),
                reason,
                real,
                result.impact(),
                confounders,
                result.guardrailBreached(),
                result.data(),
                result.sequential(),
                result.outlierDays().stream()
                        .map(slot -> day(first, slot))
                        .distinct()
                        .toList());
    }

    /** A digest of the inputs (equal digests, equal results). */
    public static String fingerprint(Request request, String extra) {
        return inSlots(request).fingerprint("hourly|" + request.firstHour() + "|" + extra);
    }

    /** The request on slots: hour i after the first pre-period hour is slot ORIGIN + i days. */
    private static CheckpointAnalysis.Request inSlots(Request request) {
        Instant first = request.firstHour();
        Map<LocalDate, Double> slots = new HashMap<>();
        request.hourly().forEach((hour, value) -> slots.put(slot(first, hour), value));
        List<CheckpointAnalysis.OtherRelease> others = request.others().stream()
                .map(o -> new CheckpointAnalysis.OtherRelease(
                        o.id(),
                        slot(first, o.deployedAt()),
                        o.rolledBackAt() == null ? null : slot(first, o.rolledBackAt())))
                .toList();
        // slot 0 is the first pre-period hour: the day-of-week blocks start at its hour of the (Monday-based) week
        java.time.ZonedDateTime start = first.atZone(ZoneOffset.UTC);
        int offset = start.getHour() + 24 * (start.getDayOfWeek().getValue() - 1);
        return new CheckpointAnalysis.Request(
                slot(first, request.releasedAt()),
                request.rolledBackAt() == null ? null : slot(first, request.rolledBackAt()),
                POST_HOURS,
                request.expectation(),
                slots,
                others,
                request.settings(),
                request.looks(),
                null,
                request.dayOfWeek() && everyWeekdaySeen(request) ? new ImpactInput.Blocks(24, 7, offset) : null);
    }

    /**
     * Whether the pre-period has at least {@link #MIN_HOURS_PER_WEEKDAY} observed hours of every day of the week: the
     * day-of-week levels can then be estimated (a day never seen before the release has no level to forecast it with;
     * the daily cycle alone is used then).
     */
    static boolean everyWeekdaySeen(Request request) {
        Instant first = request.firstHour();
        Instant release = hour(request.releasedAt());
        int[] hours = new int[7];
        request.hourly().keySet().stream()
                .filter(h -> !h.isBefore(first) && h.isBefore(release))
                .forEach(h -> hours[h.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() - 1]++);
        for (int count : hours) {
            if (count < MIN_HOURS_PER_WEEKDAY) {
                return false;
            }
        }
        return true;
    }

    static Instant hour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    private static LocalDate slot(Instant first, Instant instant) {
        return ORIGIN.plusDays(ChronoUnit.HOURS.between(first, hour(instant)));
    }

    private static LocalDate day(Instant first, LocalDate slot) {
        long hours = ChronoUnit.DAYS.between(ORIGIN, slot);
        return LocalDate.ofInstant(first.plus(Duration.ofHours(hours)), ZoneOffset.UTC);
    }
}
