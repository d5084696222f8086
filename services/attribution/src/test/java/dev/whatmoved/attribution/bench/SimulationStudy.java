package dev.whatmoved.attribution.bench;

import dev.whatmoved.attribution.model.ImpactAnalysis;
import dev.whatmoved.attribution.model.ImpactInput;
import dev.whatmoved.attribution.model.ImpactResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The simulation study behind the honesty claims of docs/statistics.md: synthetic daily series with level, trend,
 * weekly seasonality and AR(1) noise, with and without a control series, with known effects of 0, 1, 2, 5 and 10 % of
 * the level. For the model and for the naive before/after baseline it reports how often the 95 % interval covers the
 * true average effect, how often a null effect is called "moved" (the interval excludes zero), and the power by effect
 * size. Seeded and deterministic. Arguments: {@code [null series per arm] [series per arm and effect size]}.
 */
public final class SimulationStudy {

    static final int PRE = 56;
    static final int POST = 28;
    static final double ALPHA = 0.05;
    static final double[] EFFECTS = {0, 0.01, 0.02, 0.05, 0.10};

    record Outcome(
            int arm,
            double effect,
            boolean covers,
            boolean moved,
            double pValue,
            double halfWidth,
            double effective,
            boolean baseCovers,
            boolean baseMoved,
            double baseHalfWidth) {}

    /** Robustness checks outside the main design (null effects, no control): not in the RESULT line. */
    record Robustness(String name, int pre, SyntheticSeries.Variant variant) {}

    static final List<Robustness> ROBUSTNESS = List.of(
            new Robustness(
                    "drifting level (random walk, 0.3 %/day)", PRE, new SyntheticSeries.Variant(0.003, 0.3, 0.7)),
            new Robustness("strong autocorrelation (phi 0.8-0.9)", PRE, new SyntheticSeries.Variant(0, 0.8, 0.9)),
            new Robustness("white noise (phi 0)", PRE, new SyntheticSeries.Variant(0, 0, 0)),
            new Robustness("short pre-period (28 days)", 28, SyntheticSeries.Variant.MAIN));

    public static void main(String[] args) {
        int nullSeries = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int effectSeries = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int robustnessSeries = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        List<double[]> jobs = new ArrayList<>(); // {arm, effect, seed}
        long seed = 1;
        for (int arm = 0; arm <= 1; arm++) {
            for (double effect : EFFECTS) {
                int count = effect == 0 ? nullSeries : effectSeries;
                for (int i = 0; i < count; i++) {
                    jobs.add(new double[] {arm, effect, seed++});
                }
            }
        }
        long started = System.nanoTime();
        ImpactAnalysis analysis = new ImpactAnalysis();
        List<Outcome> outcomes = IntStream.range(0, jobs.size())
                .parallel()
                .mapToObj(i -> run(analysis, jobs.get(i)))
                .toList();
        List<List<Outcome>> robustness = new ArrayList<>();
        for (int r = 0; r < ROBUSTNESS.size(); r++) {
            Robustness check = ROBUSTNESS.get(r);
            long first = 5_000_000L + 100_000L * r;
            robustness.add(IntStream.range(0, robustnessSeries)
                    .parallel()
                    .mapToObj(i -> run(
                            analysis,
                            SyntheticSeries.generate(first + i, check.pre(), POST, 0, 0, check.variant()),
                            check.pre(),
                            0))
                    .toList());
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf(
                Locale.ROOT,
                "%d series (%d pre + %d post days) and %d for robustness checks, analysed in %.1f s%n%n",
                outcomes.size(),
                PRE,
                POST,
                robustnessSeries * ROBUSTNESS.size(),
                seconds);
        System.out.printf(
                Locale.ROOT,
                "%-10s %7s %6s | %9s %9s %9s %6s | %9s %9s %9s%n",
                "controls",
                "effect",
                "n",
                "coverage",
                "moved",
                "halfwidth",
                "ess",
                "b.cover",
                "b.moved",
                "b.halfw");
        for (int arm = 0; arm <= 1; arm++) {
            for (double effect : EFFECTS) {
                int a = arm;
                List<Outcome> cell = outcomes.stream()
                        .filter(o -> o.arm() == a && Math.abs(o.effect() - effect) < 1e-12)
                        .toList();
                System.out.printf(
                        Locale.ROOT,
                        "%-10s %6.0f%% %6d | %9.3f %9.3f %8.2f%% %6.1f | %9.3f %9.3f %8.2f%%%n",
                        arm == 0 ? "none" : "1 control",
                        effect * 100,
                        cell.size(),
                        share(cell, Outcome::covers),
                        share(cell, Outcome::moved),
                        mean(cell, Outcome::halfWidth) * 100,
                        mean(cell, Outcome::effective),
                        share(cell, Outcome::baseCovers),
                        share(cell, Outcome::baseMoved),
                        mean(cell, Outcome::baseHalfWidth) * 100);
            }
        }
        List<Outcome> nulls = outcomes.stream().filter(o -> o.effect() == 0).toList();
        System.out.printf(
                Locale.ROOT,
                "null effects: one-sided p < alpha/2 in %.3f (the same verdict as the interval);"
                        + " one-sided p < alpha in %.3f%n",
                nulls.stream().filter(o -> o.pValue() < ALPHA / 2).count() / (double) nulls.size(),
                nulls.stream().filter(o -> o.pValue() < ALPHA).count() / (double) nulls.size());
        System.out.printf(Locale.ROOT, "%nrobustness checks (no effect, no control; not in the RESULT line):%n");
        for (int r = 0; r < ROBUSTNESS.size(); r++) {
            List<Outcome> cell = robustness.get(r);
            System.out.printf(
                    Locale.ROOT,
                    "  %-42s n=%4d coverage=%.3f moved=%.3f halfwidth=%.2f%% | baseline coverage=%.3f moved=%.3f%n",
                    ROBUSTNESS.get(r).name(),
                    cell.size(),
                    share(cell, Outcome::covers),
                    share(cell, Outcome::moved),
                    mean(cell, Outcome::halfWidth) * 100,
                    share(cell, Outcome::baseCovers),
                    share(cell, Outcome::baseMoved));
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%n(moved = the 95 %% interval of the average effect excludes zero; halfwidth in %% of the level)%n");
        System.out.printf(
                Locale.ROOT,
                "RESULT coverage=%.3f fpr=%.3f power_at_1pct=%.3f power_at_2pct=%.3f power_at_5pct=%.3f"
                        + " power_at_10pct=%.3f baseline_coverage=%.3f baseline_fpr=%.3f%n",
                share(outcomes, Outcome::covers),
                share(nulls, Outcome::moved),
                power(outcomes, 0.01),
                power(outcomes, 0.02),
                power(outcomes, 0.05),
                power(outcomes, 0.10),
                share(outcomes, Outcome::baseCovers),
                share(nulls, Outcome::baseMoved));
    }

    static Outcome run(ImpactAnalysis analysis, double[] job) {
        int arm = (int) job[0];
        double effect = job[1];
        return run(analysis, SyntheticSeries.generate((long) job[2], PRE, POST, arm, effect), PRE, arm);
    }

    static Outcome run(ImpactAnalysis analysis, SyntheticSeries.Case c, int pre, int arm) {
        double effect = c.trueEffect() / SyntheticSeries.LEVEL;
        ImpactResult result = analysis.analyse(
                new ImpactInput(c.response(), c.controls(), 0, pre - 1, pre, pre + POST - 1, ALPHA, 7));
        ImpactResult.Summary avg = result.average();
        double truth = c.trueEffect();
        boolean covers = avg.absEffectLower() <= truth && truth <= avg.absEffectUpper();
        boolean moved = avg.absEffectLower() > 0 || avg.absEffectUpper() < 0;
        NaiveBeforeAfter.Estimate base = NaiveBeforeAfter.estimate(c.response(), pre, POST, ALPHA);
        return new Outcome(
                arm,
                effect,
                covers,
                moved,
                result.p(),
                (avg.absEffectUpper() - avg.absEffectLower()) / 2 / SyntheticSeries.LEVEL,
                result.model().draws().get("effective"),
                base.covers(truth),
                base.excludesZero(),
                (base.upper() - base.lower()) / 2 / SyntheticSeries.LEVEL);
    }

    private static double power(List<Outcome> outcomes, double effect) {
        return share(
                outcomes.stream()
                        .filter(o -> Math.abs(o.effect() - effect) < 1e-12)
                        .toList(),
                Outcome::moved);
    }

    private static double share(List<Outcome> outcomes, java.util.function.Predicate<Outcome> p) {
        return outcomes.isEmpty() ? Double.NaN : outcomes.stream().filter(p).count() / (double) outcomes.size();
    }

    private static double mean(List<Outcome> outcomes, java.util.function.ToDoubleFunction<Outcome> f) {
        return outcomes.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
