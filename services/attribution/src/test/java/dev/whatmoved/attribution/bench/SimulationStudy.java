package dev.whatmoved.attribution.bench;

import dev.whatmoved.attribution.bench.SimulationKinds.Kind;
import dev.whatmoved.attribution.model.ImpactAnalysis;
import dev.whatmoved.attribution.model.ImpactInput;
import dev.whatmoved.attribution.model.ImpactResult;
import dev.whatmoved.attribution.model.InvalidInputException;
import dev.whatmoved.attribution.model.SequentialBoundary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The simulation study behind the honesty claims of docs/statistics.md: the model measured on every kind of series
 * product metrics are ({@link SimulationKinds}), with known effects. Per kind: how often the 95 % interval of the
 * average effect covers the true average effect, how often a null effect is called "moved" (the interval excludes
 * zero), the power at the kind's effect sizes, the mean half-width (in % of the counterfactual post-period mean), the
 * mean error of the point estimate (bias), and the naive before/after baseline; for the checkpoint sequence
 * ({@code looks}) the same per look and the family-wise rate of false "moved". Seeded, deterministic, parallel over the
 * cores.
 *
 * <p>Arguments: {@code --quick} (a tenth of the series), {@code --scale X} (multiply every series count),
 * {@code --kinds a,b,c} (only these kinds), {@code --nulls N} and {@code --per-effect N} (fixed counts for every kind),
 * {@code --dump FILE} (write every series, its truth and the model's answers as JSON lines, for
 * deploy/bench/statsmodels/uc_compare.py).
 */
public final class SimulationStudy {

    static final double ALPHA = 0.05;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * The alpha of look {@code look} (0-based) of a release's checkpoint sequence at {@code looksDays} days: the one
     * place a sequential boundary (alpha spending) plugs in. A kind with a single look gets {@code lookAlpha(0, {post})}.
     */
    static double lookAlpha(int look, int[] looksDays) {
        if (looksDays.length == 1) {
            return ALPHA;
        }
        return SequentialBoundary.nominalLevels(Arrays.stream(looksDays).boxed().toList(), ALPHA)[look];
    }

    /**
     * The one place the study builds the model's input: the case's pre-period, its post-period up to {@code postEnd}.
     * The reported intervals are 95 % ones; {@code decisionAlpha} is the look's boundary. Hourly cases get the
     * day-of-week factor from {@link SimCase#firstHourOfWeek()}, as attribution's hourly checkpoint does.
     */
    static ImpactInput input(SimCase c, int postEnd, double decisionAlpha) {
        ImpactInput.Blocks blocks = c.season() == 24 ? new ImpactInput.Blocks(24, 7, c.firstHourOfWeek()) : null;
        return new ImpactInput(
                c.response(),
                c.controls(),
                c.preStart(),
                c.preEnd(),
                c.postStart(),
                postEnd,
                ALPHA,
                c.season(),
                List.of(),
                decisionAlpha,
                blocks);
    }

    enum Status {
        OK,
        INVALID,
        ERROR
    }

    /** One analysis of one series (one look). Relative figures are shares of the counterfactual post-period mean. */
    record Look(
            int days,
            int postEnd,
            double alpha,
            Status status,
            String error,
            double truth,
            double scale,
            double estimate,
            double lower,
            double upper,
            double p,
            Boolean naiveCovers,
            Boolean naiveMoved,
            double millis,
            boolean decidedMoved) {

        boolean ok() {
            return status == Status.OK;
        }

        boolean covers() {
            return ok() && lower <= truth && truth <= upper;
        }

        /** The verdict's "moved": the interval at the look's decision level (its boundary) excludes zero. */
        boolean moved() {
            return ok() && decidedMoved;
        }

        double halfWidth() {
            return (upper - lower) / 2 / Math.abs(scale);
        }

        double bias() {
            return (estimate - truth) / Math.abs(scale);
        }
    }

    record Outcome(int kind, int effectIndex, double effect, long seed, List<Look> looks, SimCase series) {}

    record Job(int kind, int effectIndex, double effect, long seed) {}

    record Options(double scale, List<Kind> kinds, Integer nulls, Integer perEffect, Path dump) {

        static Options parse(String[] args) {
            double scale = 1;
            List<Kind> kinds = SimulationKinds.ALL;
            Integer nulls = null;
            Integer perEffect = null;
            Path dump = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> scale = 0.1;
                    case "--scale" -> scale = Double.parseDouble(args[++i]);
                    case "--kinds" ->
                        kinds = Arrays.stream(args[++i].split(","))
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .map(SimulationKinds::find)
                                .toList();
                    case "--nulls" -> nulls = Integer.parseInt(args[++i]);
                    case "--per-effect" -> perEffect = Integer.parseInt(args[++i]);
                    case "--dump" -> dump = Path.of(args[++i]);
                    default ->
                        throw new IllegalArgumentException("unknown argument " + args[i]
                                + " (use --quick, --scale X, --kinds a,b, --nulls N, --per-effect N, --dump FILE)");
                }
            }
            return new Options(scale, kinds, nulls, perEffect, dump);
        }

        int count(int configured, Integer override) {
            if (override != null) {
                return configured == 0 ? 0 : override;
            }
            return configured == 0 ? 0 : Math.max(2, (int) Math.round(configured * scale));
        }
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        List<Kind> kinds = options.kinds();
        List<Job> jobs = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            Kind kind = kinds.get(k);
            for (int e = 0; e <= kind.effects().length; e++) {
                double effect = e == 0 ? 0 : kind.effects()[e - 1];
                int count = e == 0
                        ? options.count(kind.nulls(), options.nulls())
                        : options.count(kind.perEffect(), options.perEffect());
                for (int i = 0; i < count; i++) {
                    jobs.add(new Job(k, e, effect, kind.seedBase() + 100_000L * e + i));
                }
            }
        }
        boolean keep = options.dump() != null;
        long started = System.nanoTime();
        ImpactAnalysis analysis = new ImpactAnalysis();
        List<Outcome> outcomes = IntStream.range(0, jobs.size())
                .parallel()
                .mapToObj(i -> run(analysis, kinds, jobs.get(i), keep))
                .toList();
        double seconds = (System.nanoTime() - started) / 1e9;
        long analyses = outcomes.stream().mapToLong(o -> o.looks().size()).sum();
        double cpu = outcomes.stream()
                        .flatMap(o -> o.looks().stream())
                        .mapToDouble(Look::millis)
                        .sum()
                / 1e3;

        System.out.printf(
                Locale.ROOT,
                "%d series, %d analyses in %.1f s on %d cores, %.1f s of CPU in the analyses (alpha %.2f; moved = the %.0f %% interval of the average"
                        + " effect excludes zero)%n%n",
                outcomes.size(),
                analyses,
                seconds,
                Runtime.getRuntime().availableProcessors(),
                cpu,
                ALPHA,
                100 * (1 - ALPHA));
        Map<String, String> result = new LinkedHashMap<>();
        printTable(kinds, outcomes, result);
        System.out.println();
        for (Kind kind : kinds) {
            System.out.printf(Locale.ROOT, "  %-15s %s%n", kind.name(), kind.description());
        }
        System.out.printf(
                Locale.ROOT,
                "%ncoverage: of the true average effect, null and effect series; false moved: null series;"
                        + " power: by effect size (relative, see the kind); half-width and bias (mean estimate - truth)"
                        + " in %% of the counterfactual post-period mean; naive: mean after - mean before with a Welch"
                        + " t-interval; invalid: analyses the model refused (InvalidInputException), errors: other"
                        + " exceptions; ms: CPU time per analysis%n");
        oldKeys(kinds, outcomes, result);
        result.put("seconds", String.format(Locale.ROOT, "%.1f", seconds));
        result.put("cpu_seconds", String.format(Locale.ROOT, "%.1f", cpu));
        if (options.dump() != null) {
            dump(options.dump(), kinds, outcomes);
            System.out.printf(Locale.ROOT, "%nseries written to %s%n", options.dump());
        }
        StringBuilder line = new StringBuilder("RESULT");
        result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println();
        System.out.println(line);
    }

    static Outcome run(ImpactAnalysis analysis, List<Kind> kinds, Job job, boolean keep) {
        Kind kind = kinds.get(job.kind());
        SimCase c = kind.generate(job.seed(), job.effect());
        int[] looks = kind.looks() != null ? kind.looks() : new int[] {c.postEnd() - c.postStart() + 1};
        List<Look> result = new ArrayList<>(looks.length);
        for (int l = 0; l < looks.length; l++) {
            result.add(look(analysis, c, l, looks));
        }
        return new Outcome(job.kind(), job.effectIndex(), job.effect(), job.seed(), result, keep ? c : null);
    }

    static Look look(ImpactAnalysis analysis, SimCase c, int look, int[] looks) {
        int postEnd = c.postStart() + looks[look] - 1;
        double alpha = lookAlpha(look, looks);
        double truth = c.trueEffect(postEnd);
        double scale = c.counterfactualMean(postEnd);
        NaiveBeforeAfter.Estimate naive =
                NaiveBeforeAfter.estimate(c.response(), c.preStart(), c.preEnd(), c.postStart(), postEnd, alpha);
        Boolean naiveCovers = naive == null ? null : naive.covers(truth);
        Boolean naiveMoved = naive == null ? null : naive.excludesZero();
        long started = THREADS.getCurrentThreadCpuTime();
        try {
            ImpactResult r = analysis.analyse(input(c, postEnd, alpha));
            ImpactResult.Summary avg = r.average();
            return new Look(
                    looks[look],
                    postEnd,
                    alpha,
                    Status.OK,
                    null,
                    truth,
                    scale,
                    avg.absEffect(),
                    avg.absEffectLower(),
                    avg.absEffectUpper(),
                    r.p(),
                    naiveCovers,
                    naiveMoved,
                    (THREADS.getCurrentThreadCpuTime() - started) / 1e6,
                    r.decision().moved());
        } catch (RuntimeException e) {
            Status status = e instanceof InvalidInputException ? Status.INVALID : Status.ERROR;
            return new Look(
                    looks[look],
                    postEnd,
                    alpha,
                    status,
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    truth,
                    scale,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    naiveCovers,
                    naiveMoved,
                    (THREADS.getCurrentThreadCpuTime() - started) / 1e6,
                    false);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // report

    private static void printTable(List<Kind> kinds, List<Outcome> outcomes, Map<String, String> result) {
        System.out.printf(
                Locale.ROOT,
                "%-20s %6s %5s %5s | %6s %6s %7s %7s | %6s %6s | %5s | %s%n",
                "kind",
                "series",
                "inval",
                "error",
                "cover",
                "moved0",
                "halfw%",
                "bias%",
                "n.cov",
                "n.mov0",
                "ms",
                "power by effect");
        for (int k = 0; k < kinds.size(); k++) {
            Kind kind = kinds.get(k);
            int ki = k;
            List<Outcome> mine = outcomes.stream().filter(o -> o.kind() == ki).toList();
            int lookCount = kind.looks() == null ? 1 : kind.looks().length;
            for (int l = 0; l < lookCount; l++) {
                int li = l;
                String row = kind.looks() == null ? kind.name() : kind.name() + "@" + kind.looks()[l] + "d";
                String prefix = kind.name() + "_";
                String suffix = kind.looks() == null ? "" : "_" + kind.looks()[l] + "d";
                List<Look> all = mine.stream().map(o -> o.looks().get(li)).toList();
                List<Look> ok = all.stream().filter(Look::ok).toList();
                List<Look> nulls = mine.stream()
                        .filter(o -> o.effectIndex() == 0)
                        .map(o -> o.looks().get(li))
                        .filter(Look::ok)
                        .toList();
                long invalid =
                        all.stream().filter(x -> x.status() == Status.INVALID).count();
                long errors =
                        all.stream().filter(x -> x.status() == Status.ERROR).count();
                StringBuilder power = new StringBuilder();
                for (int e = 1; e <= kind.effects().length; e++) {
                    int ei = e;
                    List<Look> cell = mine.stream()
                            .filter(o -> o.effectIndex() == ei)
                            .map(o -> o.looks().get(li))
                            .filter(Look::ok)
                            .toList();
                    long pct = Math.round(kind.effects()[e - 1] * 100);
                    double pw = share(cell, Look::moved);
                    power.append(String.format(Locale.ROOT, "%d%%:%.3f(%d) ", pct, pw, cell.size()));
                    result.put(prefix + "power" + pct + suffix, fmt(pw));
                }
                List<Look> withNaive =
                        all.stream().filter(x -> x.naiveCovers() != null).toList();
                List<Look> nullNaive = mine.stream()
                        .filter(o -> o.effectIndex() == 0)
                        .map(o -> o.looks().get(li))
                        .filter(x -> x.naiveMoved() != null)
                        .toList();
                double coverage = share(ok, Look::covers);
                double fpr = share(nulls, Look::moved);
                double halfWidth = mean(ok, Look::halfWidth) * 100;
                double naiveCoverage = share(withNaive, Look::naiveCovers);
                double naiveFpr = share(nullNaive, Look::naiveMoved);
                System.out.printf(
                        Locale.ROOT,
                        "%-20s %6d %5d %5d | %6s %6s %7s %7s | %6s %6s | %5.1f | %s%n",
                        row,
                        all.size(),
                        invalid,
                        errors,
                        cell("%.3f", coverage),
                        cell("%.3f", fpr),
                        cell("%.2f", halfWidth),
                        cell("%+.2f", mean(ok, Look::bias) * 100),
                        cell("%.3f", naiveCoverage),
                        cell("%.3f", naiveFpr),
                        mean(all, Look::millis),
                        power.toString().trim());
                if (kind.name().startsWith("trend")) {
                    result.put(prefix + "naive_coverage" + suffix, fmt(naiveCoverage));
                    result.put(prefix + "naive_fpr" + suffix, fmt(naiveFpr));
                }
                result.put(prefix + "coverage" + suffix, fmt(coverage));
                if (!nulls.isEmpty()) {
                    result.put(prefix + "fpr" + suffix, fmt(fpr));
                }
                result.put(prefix + "halfwidth" + suffix, String.format(Locale.ROOT, "%.2f", halfWidth));
                result.put(prefix + "invalid" + suffix, Long.toString(invalid + errors));
            }
            if (kind.looks() != null) {
                List<Outcome> nullSeries =
                        mine.stream().filter(o -> o.effectIndex() == 0).toList();
                double fwer = share(nullSeries, o -> o.looks().stream().anyMatch(Look::moved));
                System.out.printf(
                        Locale.ROOT,
                        "%-20s %6d %5s %5s | %6s %6.3f   (null series called moved at one look or more)%n",
                        kind.name() + " family",
                        nullSeries.size(),
                        "",
                        "",
                        "",
                        fwer);
                result.put(kind.name() + "_fwer", fmt(fwer));
            }
            List<Look> failures = mine.stream()
                    .flatMap(o -> o.looks().stream())
                    .filter(x -> !x.ok())
                    .toList();
            if (!failures.isEmpty()) {
                System.out.printf(
                        Locale.ROOT,
                        "%-20s   first refusal: %s%n",
                        "",
                        failures.get(0).error());
            }
        }
    }

    /**
     * The RESULT keys of the earlier study, from the two kinds of today's design ({@code trend}, {@code trend_ctrl}):
     * there {@code baseline_*} is the naive before/after.
     */
    private static void oldKeys(List<Kind> kinds, List<Outcome> outcomes, Map<String, String> result) {
        List<Integer> base = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            if (kinds.get(k).name().startsWith("trend")) {
                base.add(k);
            }
        }
        if (base.isEmpty()) {
            return;
        }
        List<Outcome> mine =
                outcomes.stream().filter(o -> base.contains(o.kind())).toList();
        List<Look> all = mine.stream().map(o -> o.looks().get(0)).toList();
        List<Look> ok = all.stream().filter(Look::ok).toList();
        List<Look> nulls = mine.stream()
                .filter(o -> o.effect() == 0)
                .map(o -> o.looks().get(0))
                .toList();
        result.put("coverage", fmt(share(ok, Look::covers)));
        result.put("fpr", fmt(share(nulls.stream().filter(Look::ok).toList(), Look::moved)));
        for (double e : new double[] {0.01, 0.02, 0.05, 0.10}) {
            List<Look> cell = mine.stream()
                    .filter(o -> Math.abs(o.effect() - e) < 1e-12)
                    .map(o -> o.looks().get(0))
                    .filter(Look::ok)
                    .toList();
            result.put("power_at_" + Math.round(e * 100) + "pct", fmt(share(cell, Look::moved)));
        }
        result.put(
                "baseline_coverage",
                fmt(share(all.stream().filter(x -> x.naiveCovers() != null).toList(), Look::naiveCovers)));
        result.put(
                "baseline_fpr",
                fmt(share(nulls.stream().filter(x -> x.naiveMoved() != null).toList(), Look::naiveMoved)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // dump

    private static void dump(Path file, List<Kind> kinds, List<Outcome> outcomes) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (Outcome o : outcomes) {
                out.write(json(kinds.get(o.kind()), o));
                out.write('\n');
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String json(Kind kind, Outcome o) {
        SimCase c = o.series();
        StringBuilder b = new StringBuilder(16 * c.response().length);
        b.append("{\"kind\":\"").append(kind.name()).append('"');
        b.append(",\"seed\":").append(o.seed());
        b.append(",\"effect\":").append(num(o.effect()));
        b.append(",\"form\":\"").append(kind.form()).append('"');
        b.append(",\"season\":").append(c.season());
        b.append(",\"trend\":").append(kind.trend());
        b.append(",\"preStart\":").append(c.preStart());
        b.append(",\"preEnd\":").append(c.preEnd());
        b.append(",\"postStart\":").append(c.postStart());
        b.append(",\"postEnd\":").append(c.postEnd());
        b.append(",\"response\":");
        array(b, c.response());
        b.append(",\"controls\":[");
        for (int i = 0; i < c.controls().length; i++) {
            if (i > 0) {
                b.append(',');
            }
            array(b, c.controls()[i]);
        }
        b.append("],\"looks\":[");
        for (int l = 0; l < o.looks().size(); l++) {
            Look x = o.looks().get(l);
            if (l > 0) {
                b.append(',');
            }
            b.append("{\"days\":").append(x.days());
            b.append(",\"postEnd\":").append(x.postEnd());
            b.append(",\"alpha\":").append(num(x.alpha()));
            b.append(",\"trueEffect\":").append(num(x.truth()));
            b.append(",\"scale\":").append(num(x.scale()));
            b.append(",\"model\":{\"status\":\"").append(x.status()).append('"');
            b.append(",\"estimate\":").append(num(x.estimate()));
            b.append(",\"lower\":").append(num(x.lower()));
            b.append(",\"upper\":").append(num(x.upper()));
            b.append("}}");
        }
        b.append("]}");
        return b.toString();
    }

    private static void array(StringBuilder b, double[] values) {
        b.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(num(values[i]));
        }
        b.append(']');
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String cell(String format, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static <T> double share(List<T> items, Predicate<T> p) {
        return items.isEmpty() ? Double.NaN : items.stream().filter(p).count() / (double) items.size();
    }

    private static <T> double mean(List<T> items, ToDoubleFunction<T> f) {
        return items.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
