package dev.whatmoved.attribution.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one release on one predicted metric at one checkpoint, from the metric's daily values: the windows,
 * the other releases that overlap them, the counterfactual analysis and the verdict. Plain Java, no I/O.
 *
 * <p>Days are UTC days. The pre-period is the {@code preDays} days before the release day; the post-period the
 * {@code checkpointDays} days after it (ending the day before a rollback, if the release was rolled back earlier).
 * The release day itself is partly before and partly after, so it is left out; so is the day of every other release
 * (and rollback) of the metric inside the window. Each other release is a step of its own from its first full day
 * (to the day before its rollback), estimated with the model rather than handed to the release analysed.
 *
 * <p>Numerical code, longer than the 400 lines the project keeps other classes under: about half of it is the records
 * of its request and result (the model's interface, documented field by field); the computation is {@link #measure}.
 */
public final class CheckpointAnalysis {

    /**
     * @param preDays days before the release day the model learns from
     * @param alpha the intervals are {@code 1 - alpha}
     * @param season seasonal period of the daily data (7), or 0
     * @param minPreDays fewer pre-period days with data: inconclusive
     * @param minPostShare a smaller share of post-period days with data: inconclusive
     * @param historyDays days before the pre-period read as the metric's history: the model's interval is calibrated
     *     at placebo dates inside it and spikes in it are set aside (0 for none)
     */
    public record Settings(
            int preDays, double alpha, int season, int minPreDays, double minPostShare, int historyDays) {

        public Settings(int preDays, double alpha, int season, int minPreDays, double minPostShare) {
            this(preDays, alpha, season, minPreDays, minPostShare, 0);
        }
    }

    /**
     * What was predicted.
     *
     * @param direction {@code up} or {@code down}: the predicted (for a guardrail: the good) direction
     * @param expectedChangePct the predicted change, percent (a magnitude), or null
     * @param tolerancePct a guardrail's tolerated degradation, percent, or null
     */
    public record Expectation(String direction, Double expectedChangePct, boolean guardrail, Double tolerancePct) {

        int sign() {
            return Direction.sign(direction);
        }

        /** The change the data must be able to show, as a fraction, or null. */
        Double target() {
            Double pct = guardrail ? tolerancePct : expectedChangePct;
            return pct == null ? null : Math.abs(pct) / 100;
        }
    }

    /** Another release whose features predict the same metric: its day and, if rolled back, the rollback's day. */
    public record OtherRelease(String id, LocalDate day, LocalDate rollbackDay) {}

    /**
     * @param daily the metric's value per day (at least over the window and, for the placebo calibration, over the
     *     history before it); a day without a value is missing data
     * @param looks the checkpoints of the prediction (days, up to its horizon): the alpha-spending boundary of this
     *     checkpoint depends on them ({@link SequentialBoundary}); empty: this checkpoint alone decides at {@code alpha}
     * @param excludedDays days of known events (holidays, campaigns, incidents) treated as missing
     * @param blocks the day-of-week factor of hourly slots, or null
     */
    public record Request(
            LocalDate releaseDay,
            LocalDate rollbackDay,
            int checkpointDays,
            Expectation expectation,
            Map<LocalDate, Double> daily,
            List<OtherRelease> others,
            Settings settings,
            List<Integer> looks,
            java.util.Set<LocalDate> excludedDays,
            ImpactInput.Blocks blocks) {

        public Request {
            looks = looks == null ? List.of() : List.copyOf(looks);
            excludedDays = excludedDays == null ? java.util.Set.of() : java.util.Set.copyOf(excludedDays);
        }

        public Request(
                LocalDate releaseDay,
                LocalDate rollbackDay,
                int checkpointDays,
                Expectation expectation,
                Map<LocalDate, Double> daily,
                List<OtherRelease> others,
                Settings settings) {
            this(releaseDay, rollbackDay, checkpointDays, expectation, daily, others, settings, List.of(), null, null);
        }

        /** The two-sided level at which this checkpoint decides "moved" (the boundary of its look). */
        public double decisionAlpha() {
            if (looks.isEmpty() || !looks.contains(checkpointDays)) {
                return settings.alpha();
            }
            return SequentialBoundary.levelAt(looks, checkpointDays, settings.alpha());
        }

        /** Whether a later look is planned: this checkpoint's verdict is an early read. */
        public boolean earlyRead() {
            return looks.stream().anyMatch(day -> day > checkpointDays);
        }

        /** The pre-period's first day to the post-period's last: what a late rollup must fall in to matter. */
        public Window window() {
            return CheckpointAnalysis.window(releaseDay, rollbackDay, checkpointDays, settings.preDays());
        }

        /** A digest of everything the result depends on: equal digests, equal results. */
        public String fingerprint(String extra) {
            Window w = window();
            StringBuilder text = new StringBuilder(4096);
            text.append(settings)
                    .append('|')
                    .append(releaseDay)
                    .append('|')
                    .append(rollbackDay)
                    .append('|');
            text.append(checkpointDays)
                    .append('|')
                    .append(expectation)
                    .append('|')
                    .append(extra)
                    .append('|');
            text.append(METHOD_VERSION)
                    .append('|')
                    .append(looks)
                    .append('|')
                    .append(blocks)
                    .append('|');
            new java.util.TreeSet<>(excludedDays)
                    .forEach(day -> text.append(day).append(','));
            text.append('|');
            LocalDate from = w.preFrom().minusDays(settings.historyDays());
            for (LocalDate day = from; !day.isAfter(w.lastDay()); day = day.plusDays(1)) {
                Double v = daily.get(day);
                text.append(v == null ? "-" : Double.toString(v)).append(',');
            }
            others.stream().sorted(Comparator.comparing(OtherRelease::id)).forEach(o -> text.append('|')
                    .append(o));
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(text.toString().getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * @param truncated whether a rollback ended the post-period before the checkpoint
     */
    public record Window(LocalDate preFrom, LocalDate preTo, LocalDate postFrom, LocalDate postTo, boolean truncated) {

        /** Days in the post-period (0 when rolled back before a full day). */
        public int postDays() {
            return (int) Math.max(0, ChronoUnit.DAYS.between(postFrom, postTo) + 1);
        }

        /** The last day the analysis reads. */
        public LocalDate lastDay() {
            return postTo.isBefore(preTo) ? preTo : postTo;
        }
    }

    /**
     * @param period when it was deployed relative to the release analysed: {@code pre}, {@code post} or {@code
     *     same-day}
     * @param separated whether the model estimated its step apart from the release analysed (false: the verdict is
     *     inconclusive, or the step is constant over the window and part of the level)
     * @param effect its estimated step (average effect per day), or null
     * @param effectSd the step's standard error, or null
     */
    public record Confounder(
            String id,
            LocalDate day,
            LocalDate rollbackDay,
            String period,
            boolean separated,
            Double effect,
            Double effectSd) {}

    /**
     * @param reason why the verdict is inconclusive, or null
     * @param impact the analysis, or null when none could be made
     */
    public record Result(
            Verdict verdict,
            String reason,
            Window window,
            ImpactResult impact,
            List<Confounder> confounders,
            boolean guardrailBreached,
            DataQuality data,
            Sequential sequential,
            List<LocalDate> outlierDays) {}

    /**
     * Where the checkpoint stands in the release's sequence of looks.
     *
     * @param look this look's position (1-based) among {@code looks}
     * @param looks the planned looks (days)
     * @param decisionAlpha the two-sided level at which this look decides "moved" (its alpha-spending boundary)
     * @param earlyRead whether a later look is planned (the verdict is an interim "early read")
     */
    public record Sequential(int look, List<Integer> looks, double decisionAlpha, boolean earlyRead) {}

    /** Changes whenever the method changes, so that stored outcomes are recomputed as new versions. */
    public static final String METHOD_VERSION = "state-space-2: scales, placebo, outliers, control checks, spending";

    /** Days with data and days missing in each period (days of other releases count as missing). */
    public record DataQuality(int prePoints, int preMissing, int postPoints, int postMissing, int excludedDays) {}

    private final ImpactAnalysis model;

    /**
     * The windows of a checkpoint: {@code preDays} before the release day; {@code checkpointDays} after it, ending the
     * day before a rollback that came earlier (then {@code truncated}).
     */
    public static Window window(LocalDate releaseDay, LocalDate rollbackDay, int checkpointDays, int preDays) {
        LocalDate nominalEnd = releaseDay.plusDays(checkpointDays);
        boolean truncated = rollbackDay != null && !rollbackDay.isAfter(nominalEnd);
        return new Window(
                releaseDay.minusDays(preDays),
                releaseDay.minusDays(1),
                releaseDay.plusDays(1),
                truncated ? rollbackDay.minusDays(1) : nominalEnd,
                truncated);
    }

    public CheckpointAnalysis(ImpactAnalysis model) {
        this.model = model;
    }

    public Result measure(Request request) {
        Settings settings = request.settings();
        Window w = request.window();
        LocalDate releaseDay = request.releaseDay();
        // the series starts with the history (placebo dates, spikes), then the window
        int history = settings.historyDays();
        LocalDate first = w.preFrom().minusDays(history);
        int n = (int) ChronoUnit.DAYS.between(first, w.lastDay()) + 1;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            LocalDate day = first.plusDays(i);
            Double v = request.excludedDays().contains(day)
                    ? null
                    : request.daily().get(day);
            y[i] = v == null ? Double.NaN : v;
        }
        int excludedKnown = 0;
        for (LocalDate day : request.excludedDays()) {
            long i = ChronoUnit.DAYS.between(w.preFrom(), day);
            excludedKnown += i >= 0 && i < n - history && !day.equals(releaseDay) ? 1 : 0;
        }
        Sequential sequential = new Sequential(
                request.looks().indexOf(request.checkpointDays()) + 1,
                request.looks(),
                request.decisionAlpha(),
                request.earlyRead());
        // other releases: their own days are partly before and partly after; their steps are interventions
        List<OtherRelease> others = new ArrayList<>(request.others());
        others.sort(Comparator.comparing(OtherRelease::day).thenComparing(OtherRelease::id));
        List<Intervention> steps = new ArrayList<>();
        List<OtherRelease> stepOwners = new ArrayList<>();
        boolean sameDay = false;
        int excluded = excludedKnown;
        for (OtherRelease other : others) {
            excluded += exclude(y, first, other.day(), releaseDay);
            if (other.rollbackDay() != null) {
                excluded += exclude(y, first, other.rollbackDay(), releaseDay);
            }
            if (other.day().equals(releaseDay)) {
                sameDay = true;
            }
            int start = index(first, other.day().plusDays(1));
            int end = other.rollbackDay() == null
                    ? Integer.MAX_VALUE
                    : index(first, other.rollbackDay().minusDays(1));
            steps.add(new Intervention(start, end));
            stepOwners.add(other);
        }
        int preLength = settings.preDays();
        int prePoints = observed(y, history, history + preLength - 1);
        int postStart = history + preLength + 1;
        int postEnd = n - 1;
        int postDays = w.postDays();
        int postPoints = postDays == 0 ? 0 : observed(y, postStart, postEnd);
        DataQuality data =
                new DataQuality(prePoints, preLength - prePoints, postPoints, postDays - postPoints, excluded);

        List<Confounder> unestimated = others.stream()
                .map(o -> new Confounder(o.id(), o.day(), o.rollbackDay(), period(o, releaseDay), false, null, null))
                .toList();
        if (postDays == 0) {
            return inconclusive("rolled back before a full day after the release", w, unestimated, data, sequential);
        }
        if (sameDay) {
            return inconclusive(
                    "confounded: another release of this metric was deployed on the same day; their effects cannot"
                            + " be separated",
                    w,
                    unestimated,
                    data,
                    sequential);
        }
        if (prePoints < settings.minPreDays()) {
            return inconclusive(
                    "too little data: " + prePoints + " of " + preLength + " pre-period days have data, "
                            + settings.minPreDays() + " needed",
                    w,
                    unestimated,
                    data,
                    sequential);
        }
        int minPost = Math.max(1, (int) Math.ceil(settings.minPostShare() * postDays));
        if (postPoints < minPost) {
            return inconclusive(
                    "too little data: " + postPoints + " of " + postDays + " post-period days have data, " + minPost
                            + " needed",
                    w,
                    unestimated,
                    data,
                    sequential);
        }
        ImpactResult impact;
        try {
            impact = model.analyse(new ImpactInput(
                    y,
                    null,
                    history,
                    history + preLength - 1,
                    postStart,
                    postEnd,
                    settings.alpha(),
                    settings.season(),
                    steps,
                    request.decisionAlpha(),
                    request.blocks()));
        } catch (InvalidInputException e) {
            String reason = "interventions".equals(e.field())
                    ? "confounded: " + e.reason()
                    : "the model cannot use this data: " + e.field() + " " + e.reason();
            return inconclusive(reason, w, unestimated, data, sequential);
        }
        List<Confounder> confounders = new ArrayList<>();
        for (int j = 0; j < stepOwners.size(); j++) {
            OtherRelease o = stepOwners.get(j);
            ImpactResult.InterventionEstimate estimate = impact.interventions().get(j);
            confounders.add(new Confounder(
                    o.id(),
                    o.day(),
                    o.rollbackDay(),
                    period(o, releaseDay),
                    estimate != null,
                    estimate == null ? null : estimate.effect(),
                    estimate == null ? null : estimate.sd()));
        }
        Expectation expectation = request.expectation();
        ImpactResult.Summary average = impact.average();
        ImpactResult.Decision decision = impact.decision();
        Verdict verdict = Verdict.of(
                expectation.sign(),
                decision.absEffectLower(),
                decision.absEffectUpper(),
                expectation.target(),
                impact.minimumDetectableEffect().relative());
        String reason = null;
        if (verdict == Verdict.INCONCLUSIVE) {
            Double mde = impact.minimumDetectableEffect().relative();
            reason = "the minimum detectable effect (" + (mde == null ? "undefined" : percent(mde))
                    + ") exceeds the " + (expectation.guardrail() ? "tolerance" : "predicted change") + " ("
                    + percent(expectation.target()) + ")";
        }
        boolean breached = expectation.guardrail()
                && verdict == Verdict.MOVED_OPPOSITE
                && average.relEffect() != null
                && Math.abs(average.relEffect())
                        > (expectation.tolerancePct() == null ? 0 : Math.abs(expectation.tolerancePct()) / 100);
        List<LocalDate> outlierDays =
                impact.outliers().stream().map(first::plusDays).toList();
        return new Result(
                verdict, reason, w, impact, List.copyOf(confounders), breached, data, sequential, outlierDays);
    }

    private static Result inconclusive(
            String reason, Window w, List<Confounder> confounders, DataQuality data, Sequential sequential) {
        return new Result(Verdict.INCONCLUSIVE, reason, w, null, confounders, false, data, sequential, List.of());
    }

    private static String period(OtherRelease other, LocalDate releaseDay) {
        int order = other.day().compareTo(releaseDay);
        return order == 0 ? "same-day" : order < 0 ? "pre" : "post";
    }

    private static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    /** Marks a day missing (if it is inside the series and not the release day, already a gap); 1 if it was used. */
    private static int exclude(double[] y, LocalDate first, LocalDate day, LocalDate releaseDay) {
        int i = index(first, day);
        if (i < 0 || i >= y.length || day.equals(releaseDay)) {
            return 0;
        }
        y[i] = Double.NaN;
        return 1;
    }

    private static int index(LocalDate first, LocalDate day) {
        long i = ChronoUnit.DAYS.between(first, day);
        return (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, i));
    }

    private static int observed(double[] y, int from, int to) {
        int count = 0;
        for (int i = from; i <= to && i < y.length; i++) {
            count += Double.isNaN(y[i]) ? 0 : 1;
        }
        return count;
    }
}
