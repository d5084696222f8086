package dev.whatmoved.attribution.bench;

import static dev.whatmoved.attribution.bench.Gen.ar1;
import static dev.whatmoved.attribution.bench.Gen.ar1Student;
import static dev.whatmoved.attribution.bench.Gen.binomial;
import static dev.whatmoved.attribution.bench.Gen.chance;
import static dev.whatmoved.attribution.bench.Gen.integer;
import static dev.whatmoved.attribution.bench.Gen.logUniform;
import static dev.whatmoved.attribution.bench.Gen.poisson;
import static dev.whatmoved.attribution.bench.Gen.randomWalk;
import static dev.whatmoved.attribution.bench.Gen.uniform;
import static dev.whatmoved.attribution.bench.Gen.weekly;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The kinds of series the simulation study measures the model on: each a named generator with broad, randomised
 * parameters (drawn per series from the ranges documented on each generator), asked for a relative effect size.
 * Daily series run on indices 0 .. pre+post-1, the pre-period first; day of the week {@code (t + phase) % 7} with a
 * random phase, days 5 and 6 the weekend. Every generator is a pure function of (seed, effect), and the series with an
 * effect equals the same seed's null series plus {@link SimCase#effectPath()} (tested in {@code SimulationKindsTest}).
 */
public final class SimulationKinds {

    /** How a kind's effect enters the series. */
    public enum EffectForm {
        /** {@code effect × reference level} added to every post-period point. */
        ADDITIVE,
        /** every post-period point multiplied by {@code 1 + effect}: the effect path is {@code effect × counterfactual}. */
        MULTIPLICATIVE,
        /** extra events among the same units (conversions, counts): realised, random, its sign the effect's. */
        REALISED
    }

    @FunctionalInterface
    public interface Generator {
        SimCase generate(long seed, double effect);
    }

    /**
     * @param name the kind's name, also the prefix of its RESULT keys
     * @param description one line for the table's legend
     * @param form how the effect enters
     * @param effects the non-zero effect sizes measured (relative; see the generator)
     * @param looks days after the release at which each series is analysed (the post-period its first d days); null
     *     for one look at the whole post-period
     * @param trend whether the series has a deterministic trend (a hint for the statsmodels comparison's trend choice)
     * @param nulls null-effect series in a full run
     * @param perEffect series per effect size in a full run
     * @param seedBase the first seed (kinds with the same seed base are paired series by series)
     * @param generator the generator
     */
    public record Kind(
            String name,
            String description,
            EffectForm form,
            double[] effects,
            int[] looks,
            boolean trend,
            int nulls,
            int perEffect,
            long seedBase,
            Generator generator) {

        public SimCase generate(long seed, double effect) {
            return generator.generate(seed, effect);
        }
    }

    static final int PRE = 56;
    static final int POST = 28;
    static final int[] LOOKS = {1, 7, 14, 30, 60, 90};
    private static final double[] SMALL = {0.05, 0.10};
    private static final double[] COUNTS = {0.10, 0.25};

    private SimulationKinds() {}

    /** All kinds, in the order of the table. Series counts are for the full run (about 5 minutes on 2 cores). */
    public static final List<Kind> ALL = List.of(
            new Kind(
                    "trend",
                    "today's design: trend + weekly + AR(1), 56+28 days, no control",
                    EffectForm.ADDITIVE,
                    new double[] {0.01, 0.02, 0.05, 0.10},
                    null,
                    true,
                    1500,
                    400,
                    1_000_000L,
                    (seed, e) -> today("trend", seed, e, 0)),
            new Kind(
                    "trend_ctrl",
                    "today's design with a control carrying common shocks",
                    EffectForm.ADDITIVE,
                    new double[] {0.01, 0.02, 0.05, 0.10},
                    null,
                    true,
                    1500,
                    400,
                    2_000_000L,
                    (seed, e) -> today("trend_ctrl", seed, e, 1)),
            new Kind(
                    "broad",
                    "everything randomised: pre 28-120, post 7-56 days, phi 0-0.9, sd 1-10 %, half with a drifting level",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    true,
                    1000,
                    400,
                    3_000_000L,
                    SimulationKinds::broad),
            new Kind(
                    "growth",
                    "multiplicative: +0.3..1 %/day (30 % declining), weekly scaling with the level, log-normal noise",
                    EffectForm.MULTIPLICATIVE,
                    SMALL,
                    null,
                    true,
                    1000,
                    400,
                    4_000_000L,
                    SimulationKinds::growth),
            new Kind(
                    "long60",
                    "56 pre + 60 post days, slowly drifting level (random walk 0.05-0.3 %/day)",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    false,
                    800,
                    300,
                    5_000_000L,
                    (seed, e) -> drifting("long60", seed, e, 56, 60)),
            new Kind(
                    "long90",
                    "56 pre + 90 post days, slowly drifting level",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    false,
                    800,
                    300,
                    6_000_000L,
                    (seed, e) -> drifting("long90", seed, e, 56, 90)),
            new Kind(
                    "long90_hist365",
                    "365 pre + 90 post days, slowly drifting level",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    false,
                    600,
                    200,
                    7_000_000L,
                    (seed, e) -> drifting("long90_hist365", seed, e, 365, 90)),
            new Kind(
                    "wander",
                    "random-walk level, step 0.1-2 %/day (log-uniform), no control",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    false,
                    1000,
                    400,
                    8_000_000L,
                    (seed, e) -> wander("wander", seed, e, false)),
            new Kind(
                    "wander_ctrl",
                    "the same series with a control that shares the wander",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    false,
                    1000,
                    400,
                    8_000_000L,
                    (seed, e) -> wander("wander_ctrl", seed, e, true)),
            new Kind(
                    "yearly",
                    "365 pre + 28 post days, yearly cycle 5-30 % (two harmonics, any phase) + weekly",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    true,
                    600,
                    200,
                    9_000_000L,
                    SimulationKinds::yearly),
            new Kind(
                    "looks",
                    "today's design, 56 pre + 90 post days, analysed after 1, 7, 14, 30, 60 and 90 days",
                    EffectForm.ADDITIVE,
                    new double[] {0.05},
                    LOOKS,
                    true,
                    1000,
                    250,
                    10_000_000L,
                    (seed, e) -> today("looks", seed, e, 0, 90)),
            new Kind(
                    "hourly_weekend",
                    "hourly, 336 h pre + 24 h post, daily cycle, the post day a Saturday after weekdays",
                    EffectForm.MULTIPLICATIVE,
                    SMALL,
                    null,
                    false,
                    400,
                    150,
                    11_000_000L,
                    (seed, e) -> hourly("hourly_weekend", seed, e, true, true)),
            new Kind(
                    "hourly_weekday",
                    "hourly, the post day a Monday after the weekend",
                    EffectForm.MULTIPLICATIVE,
                    SMALL,
                    null,
                    false,
                    400,
                    150,
                    12_000_000L,
                    (seed, e) -> hourly("hourly_weekday", seed, e, false, true)),
            new Kind(
                    "hourly_plain",
                    "hourly, the same daily cycle every day (no weekday/weekend difference): the cycle alone",
                    EffectForm.MULTIPLICATIVE,
                    SMALL,
                    null,
                    false,
                    400,
                    150,
                    12_500_000L,
                    (seed, e) -> hourly("hourly_plain", seed, e, true, false)),
            new Kind(
                    "spikes",
                    "1-4 promotion spikes (1-3 days, +30..200 %) in the pre-period",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    true,
                    800,
                    400,
                    13_000_000L,
                    SimulationKinds::spikes),
            new Kind(
                    "ctrl_honest",
                    "a control carrying common shocks (and a little shared drift), untouched by the release",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    true,
                    800,
                    400,
                    14_000_000L,
                    (seed, e) -> controlled("ctrl_honest", seed, e, false)),
            new Kind(
                    "ctrl_leaky",
                    "the same series, the control moved by the release too (20-100 % of the relative effect)",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    true,
                    0,
                    400,
                    14_000_000L,
                    (seed, e) -> controlled("ctrl_leaky", seed, e, true)),
            new Kind(
                    "rate_low",
                    "conversion rate 0.5-8 % = conversions/visitors (300-30k a day), binomial; effect = rate x (1+e)",
                    EffectForm.REALISED,
                    SMALL,
                    null,
                    false,
                    800,
                    300,
                    15_000_000L,
                    SimulationKinds::rateLow),
            new Kind(
                    "rate_high",
                    "success rate near 1 (failures 0.2-5 %), binomial; effect = failures x (1-e)",
                    EffectForm.REALISED,
                    COUNTS,
                    null,
                    false,
                    800,
                    300,
                    16_000_000L,
                    SimulationKinds::rateHigh),
            new Kind(
                    "counts",
                    "low-volume counts, Poisson with 3-100 a day; effect = extra Poisson(e x rate)",
                    EffectForm.REALISED,
                    COUNTS,
                    null,
                    false,
                    800,
                    300,
                    17_000_000L,
                    SimulationKinds::counts),
            new Kind(
                    "heavy",
                    "trend + weekly + AR(1) with Student-t innovations (2.2-5 df)",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    true,
                    800,
                    300,
                    18_000_000L,
                    SimulationKinds::heavy),
            new Kind(
                    "missing",
                    "0-20 % of days missing at random, half with a 3-10 day outage in the pre-period",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    true,
                    800,
                    300,
                    19_000_000L,
                    SimulationKinds::missing),
            new Kind(
                    "preshift",
                    "a level shift of 5-30 % (either sign) inside the pre-period (an earlier release, a tracking change)",
                    EffectForm.ADDITIVE,
                    SMALL,
                    null,
                    true,
                    800,
                    300,
                    20_000_000L,
                    SimulationKinds::preshift));

    public static Kind find(String name) {
        return ALL.stream()
                .filter(k -> k.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kind " + name));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // generators

    /** Today's design ({@link SyntheticSeries}): level 1000, slope ±0.3 %/day, weekly 5-20 %, AR(1) φ 0.3-0.7 sd 2-5 %. */
    static SimCase today(String kind, long seed, double effect, int controls) {
        return today(kind, seed, effect, controls, POST);
    }

    static SimCase today(String kind, long seed, double effect, int controls, int post) {
        SyntheticSeries.Case c = SyntheticSeries.generate(seed, PRE, post, controls, effect);
        int n = PRE + post;
        double[] path = new double[n];
        double[] cf = new double[n];
        for (int t = 0; t < n; t++) {
            path[t] = t >= PRE ? c.trueEffect() : 0;
            cf[t] = t >= PRE ? c.response()[t] - c.trueEffect() : c.response()[t];
        }
        // rebuild the response as counterfactual + path so that it is exactly the null series plus the path
        return assemble(kind, seed, effect, cf, c.controls(), null, PRE, post, 7, path);
    }

    /**
     * Everything drawn per series: pre 28-120 days, post 7-56; level log-uniform 10 .. 10⁶; slope ±0.5 %/day; weekly
     * amplitude 0-30 %; AR(1) φ 0-0.9, marginal sd 1-10 %; half the series with a random-walk level of step
     * 0.05-0.5 %/day (log-uniform). Effect: {@code e × level} added.
     */
    static SimCase broad(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        int pre = integer(r, 28, 120);
        int post = integer(r, 7, 56);
        int n = pre + post;
        double level = logUniform(r, 10, 1e6);
        double slope = uniform(r, -0.005, 0.005) * level;
        double[] week = weekly(r, uniform(r, 0, 0.30) * level);
        double[] noise = ar1(r, n, uniform(r, 0, 0.9), uniform(r, 0.01, 0.10) * level);
        double step = chance(r, 0.5) ? logUniform(r, 0.0005, 0.005) * level : 0;
        double[] walk = randomWalk(r, n, step);
        int phase = r.nextInt(7);
        double[] cf = new double[n];
        for (int t = 0; t < n; t++) {
            cf[t] = level + slope * t + week[(t + phase) % 7] + noise[t] + walk[t];
        }
        return additive("broad", seed, effect, cf, new double[0][], pre, post, effect * level);
    }

    /**
     * Multiplicative growth: {@code y = L₀ exp(g t + w(day) + u_t)}, L₀ log-uniform 50 .. 10⁵, g uniform 0.3-1 %/day
     * (70 %) or −1 .. −0.3 %/day (30 %), weekly log-pattern of amplitude 5-25 % (so it scales with the level), u an
     * AR(1) of φ 0-0.6 and sd 2-8 % (log-normal noise). Effect: every post day × (1 + e).
     */
    static SimCase growth(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = PRE + POST;
        double level = logUniform(r, 50, 1e5);
        double g = chance(r, 0.7) ? uniform(r, 0.003, 0.01) : -uniform(r, 0.003, 0.01);
        double[] week = weekly(r, uniform(r, 0.05, 0.25));
        double[] u = ar1(r, n, uniform(r, 0, 0.6), uniform(r, 0.02, 0.08));
        int phase = r.nextInt(7);
        double[] cf = new double[n];
        for (int t = 0; t < n; t++) {
            cf[t] = level * Math.exp(g * t + week[(t + phase) % 7] + u[t]);
        }
        return multiplicative("growth", seed, effect, cf, PRE, POST, 7, -1);
    }

    /**
     * A slowly drifting level: level log-uniform 100 .. 10⁵, random walk of step 0.05-0.3 %/day, weekly 5-20 %, AR(1)
     * φ 0.2-0.7 sd 2-5 %. Effect: {@code e × level} added.
     */
    static SimCase drifting(String kind, long seed, double effect, int pre, int post) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = pre + post;
        double level = logUniform(r, 100, 1e5);
        double[] walk = randomWalk(r, n, uniform(r, 0.0005, 0.003) * level);
        double[] week = weekly(r, uniform(r, 0.05, 0.20) * level);
        double[] noise = ar1(r, n, uniform(r, 0.2, 0.7), uniform(r, 0.02, 0.05) * level);
        int phase = r.nextInt(7);
        double[] cf = new double[n];
        for (int t = 0; t < n; t++) {
            cf[t] = level + walk[t] + week[(t + phase) % 7] + noise[t];
        }
        return additive(kind, seed, effect, cf, new double[0][], pre, post, effect * level);
    }

    /**
     * A wandering level: level log-uniform 100 .. 10⁵; a shared random walk of step 0.1-2 %/day (log-uniform) plus
     * the response's own walk of 0-30 % of that step; weekly 5-20 %; AR(1) φ 0-0.6 sd 1-4 %. The control (level 0.2-5
     * × the response's) carries the shared walk (loading 0.7-1.3), its own weekly pattern (same phase) and AR(1)
     * noise φ 0-0.5 sd 0.5-2 %. Without the control it is just a random-walk level. Effect: {@code e × level} added.
     */
    static SimCase wander(String kind, long seed, double effect, boolean withControl) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = PRE + POST;
        double level = logUniform(r, 100, 1e5);
        double step = logUniform(r, 0.001, 0.02) * level;
        double[] shared = randomWalk(r, n, step);
        double[] own = randomWalk(r, n, step * uniform(r, 0, 0.3));
        double[] week = weekly(r, uniform(r, 0.05, 0.20) * level);
        double[] noise = ar1(r, n, uniform(r, 0, 0.6), uniform(r, 0.01, 0.04) * level);
        int phase = r.nextInt(7);
        double controlLevel = level * logUniform(r, 0.2, 5);
        double loading = uniform(r, 0.7, 1.3);
        double[] controlWeek = weekly(r, uniform(r, 0.05, 0.20) * controlLevel);
        double[] controlNoise = ar1(r, n, uniform(r, 0, 0.5), uniform(r, 0.005, 0.02) * controlLevel);
        double[] cf = new double[n];
        double[] control = new double[n];
        for (int t = 0; t < n; t++) {
            int d = (t + phase) % 7;
            cf[t] = level + shared[t] + own[t] + week[d] + noise[t];
            control[t] = controlLevel + loading * shared[t] * controlLevel / level + controlWeek[d] + controlNoise[t];
        }
        double[][] controls = withControl ? new double[][] {control} : new double[0][];
        return additive(kind, seed, effect, cf, controls, PRE, POST, effect * level);
    }

    /**
     * 365 days of history with a yearly cycle: level log-uniform 100 .. 10⁵; yearly cycle of amplitude 5-30 % with a
     * second harmonic of 0-50 % of the first, random phases (the release falls anywhere in the year); slope ±0.05
     * %/day; weekly 5-20 %; AR(1) φ 0.2-0.7 sd 2-5 %. 365 pre + 28 post days. Effect: {@code e × level} added.
     */
    static SimCase yearly(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        int pre = 365;
        int n = pre + POST;
        double level = logUniform(r, 100, 1e5);
        double amplitude = uniform(r, 0.05, 0.30) * level;
        double second = uniform(r, 0, 0.5);
        double phase1 = uniform(r, 0, 2 * Math.PI);
        double phase2 = uniform(r, 0, 2 * Math.PI);
        double slope = uniform(r, -0.0005, 0.0005) * level;
        double[] week = weekly(r, uniform(r, 0.05, 0.20) * level);
        double[] noise = ar1(r, n, uniform(r, 0.2, 0.7), uniform(r, 0.02, 0.05) * level);
        int phase = r.nextInt(7);
        double[] cf = new double[n];
        for (int t = 0; t < n; t++) {
            double year = 2 * Math.PI * t / 365.25;
            double cycle = amplitude * (Math.cos(year + phase1) + second * Math.cos(2 * year + phase2)) / (1 + second);
            cf[t] = level + cycle + slope * t + week[(t + phase) % 7] + noise[t];
        }
        return additive("yearly", seed, effect, cf, new double[0][], pre, POST, effect * level);
    }

    /**
     * Hourly data: 14 days (336 h) pre + 24 h post, the post day a Saturday after a Friday ({@code weekendPost}) or a
     * Monday after a Sunday. {@code y = L exp(b·weekend + c(h) + u_t)}: L log-uniform 20 .. 10⁴ an hour; a daily cycle
     * c of two harmonics (amplitude 0.2-0.6 in logs, peak at 12-20 h, second harmonic 0-50 %) whose peak moves 0-3 h
     * later at weekends; a weekend factor b of ±(0.1..0.5) in logs (lower at weekends for 70 % of the series);
     * log-AR(1) noise, φ 0.3-0.9 an hour, sd 3-10 %. The model is given season 24. Effect: every post hour × (1 + e).
     * Without {@code weekdays} every day is alike (no weekend factor, no shift of the peak; the same draws).
     */
    static SimCase hourly(String kind, long seed, double effect, boolean weekendPost, boolean weekdays) {
        SplittableRandom r = new SplittableRandom(seed);
        int pre = 336;
        int post = 24;
        int n = pre + post;
        double level = logUniform(r, 20, 1e4);
        double a1 = uniform(r, 0.2, 0.6);
        double a2 = a1 * uniform(r, 0, 0.5);
        double peak1 = uniform(r, 12, 20);
        double peak2 = uniform(r, 0, 12);
        double shift = uniform(r, 0, 3);
        double b = uniform(r, 0.1, 0.5) * (chance(r, 0.7) ? -1 : 1);
        double[] u = ar1(r, n, uniform(r, 0.3, 0.9), uniform(r, 0.03, 0.10));
        // day 14 (the post day) is Saturday (weekday index 5) or Monday (0); Monday = 0
        int firstWeekday = weekendPost ? 5 : 0;
        double[] cf = new double[n];
        for (int t = 0; t < n; t++) {
            int day = t / 24;
            int hour = t % 24;
            boolean weekend = weekdays && (day + firstWeekday) % 7 >= 5;
            double h = weekend ? hour - shift : hour;
            double cycle =
                    a1 * Math.cos(2 * Math.PI * (h - peak1) / 24) + a2 * Math.cos(4 * Math.PI * (h - peak2) / 24);
            cf[t] = level * Math.exp((weekend ? b : 0) + cycle + u[t]);
        }
        return multiplicative(kind, seed, effect, cf, pre, post, 24, 24 * firstWeekday);
    }

    /**
     * Promotion spikes: today's shape with broader draws (level log-uniform 100 .. 10⁵, slope ±0.3 %/day, weekly 5-20
     * %, AR(1) φ 0.2-0.7 sd 2-5 %) and 1-4 spikes in the pre-period, each 1-3 days long, multiplying those days by 1.3
     * to 3. Effect: {@code e × level} added.
     */
    static SimCase spikes(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        double level = logUniform(r, 100, 1e5);
        double[] cf = trendWeeklyAr(r, PRE + POST, level, 0.003, 0.2, 0.7, 0.02, 0.05, false, 0);
        int count = integer(r, 1, 4);
        for (int s = 0; s < count; s++) {
            int start = r.nextInt(PRE);
            int length = integer(r, 1, 3);
            double lift = uniform(r, 0.3, 2.0);
            for (int t = start; t < Math.min(PRE, start + length); t++) {
                cf[t] *= 1 + lift;
            }
        }
        return additive("spikes", seed, effect, cf, new double[0][], PRE, POST, effect * level);
    }

    /**
     * A response and a control that share common shocks: response level log-uniform 100 .. 10⁵, slope ±0.3 %/day,
     * weekly 5-20 %, own AR(1) φ 0.2-0.7 sd 1-3 %, loading 0.5-1.5 on a common factor (AR(1) φ 0.3-0.8, sd 3-8 %, plus
     * a random walk of 0-0.3 %/day). The control: level 0.2-5 × the response's, own slope ±0.3 %/day, weekly 5-20 %
     * (same phase), own AR(1) φ 0-0.5 sd 0.5-2 %, and the factor scaled to its level. In the leaky variant the release
     * moves the control too, by 20-100 % of the response's relative effect. Effect: {@code e × level} added.
     */
    static SimCase controlled(String kind, long seed, double effect, boolean leaky) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = PRE + POST;
        double level = logUniform(r, 100, 1e5);
        double[] cf = trendWeeklyAr(r, n, level, 0.003, 0.2, 0.7, 0.01, 0.03, false, 0);
        double[] factor = ar1(r, n, uniform(r, 0.3, 0.8), uniform(r, 0.03, 0.08) * level);
        double[] drift = randomWalk(r, n, uniform(r, 0, 0.003) * level);
        double loading = uniform(r, 0.5, 1.5);
        double controlLevel = level * logUniform(r, 0.2, 5);
        double[] control = trendWeeklyAr(r, n, controlLevel, 0.003, 0, 0.5, 0.005, 0.02, false, 0);
        double leak = uniform(r, 0.2, 1.0);
        for (int t = 0; t < n; t++) {
            double common = factor[t] + drift[t];
            cf[t] += loading * common;
            control[t] += common * controlLevel / level;
        }
        double[][] controlPath = new double[1][n];
        if (leaky) {
            for (int t = PRE; t < n; t++) {
                controlPath[0][t] = leak * effect * controlLevel;
            }
        }
        double[] path = constant(n, PRE, effect * level);
        return assemble(kind, seed, effect, cf, new double[][] {control}, controlPath, PRE, POST, 7, path);
    }

    /**
     * A conversion rate near 0: visitors {@code N exp(w(day) + v_t)} with N log-uniform 300 .. 30 000 a day, traffic
     * weekly 10-40 %, traffic noise AR(1) φ 0.3-0.7 sd 5-15 %; the rate {@code p₀ exp(w'(day) + walk_t)} with p₀
     * log-uniform 0.5-8 %, weekly 0-15 %, a log random walk of step 0.2-2 %/day (log-uniform); conversions binomial.
     * The metric is conversions / visitors. Effect: each visitor who did not convert converts with probability
     * {@code p e / (1 − p)}, so the rate becomes {@code p (1 + e)}; the effect path is the realised extra conversions
     * / visitors.
     */
    static SimCase rateLow(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        SplittableRandom extra = r.split();
        int n = PRE + POST;
        double visitors = logUniform(r, 300, 30_000);
        double[] trafficWeek = weekly(r, uniform(r, 0.10, 0.40));
        double[] traffic = ar1(r, n, uniform(r, 0.3, 0.7), uniform(r, 0.05, 0.15));
        double p0 = logUniform(r, 0.005, 0.08);
        double[] rateWeek = weekly(r, uniform(r, 0, 0.15));
        double[] walk = randomWalk(r, n, logUniform(r, 0.002, 0.02));
        int phase = r.nextInt(7);
        double[] cf = new double[n];
        double[] path = new double[n];
        for (int t = 0; t < n; t++) {
            int d = (t + phase) % 7;
            int v = (int) Math.max(1, Math.round(visitors * Math.exp(trafficWeek[d] + traffic[t])));
            double p = Math.min(0.5, p0 * Math.exp(rateWeek[d] + walk[t]));
            int k = binomial(r, v, p);
            cf[t] = k / (double) v;
            if (t >= PRE && effect != 0) {
                path[t] = binomial(extra, v - k, Math.min(1, p * effect / (1 - p))) / (double) v;
            }
        }
        return assemble("rate_low", seed, effect, cf, new double[0][], null, PRE, POST, 7, path);
    }

    /**
     * A success rate near 1 (crash-free sessions, successful payments): sessions as for {@link #rateLow}; the failure
     * rate {@code q₀ exp(w'(day) + walk_t)} with q₀ log-uniform 0.2-5 %; failures binomial; the metric 1 − failures /
     * sessions. Effect: each failure is avoided with probability e (the failure rate × (1 − e)); the effect path is
     * the realised avoided failures / sessions.
     */
    static SimCase rateHigh(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        SplittableRandom extra = r.split();
        int n = PRE + POST;
        double sessions = logUniform(r, 300, 30_000);
        double[] trafficWeek = weekly(r, uniform(r, 0.10, 0.40));
        double[] traffic = ar1(r, n, uniform(r, 0.3, 0.7), uniform(r, 0.05, 0.15));
        double q0 = logUniform(r, 0.002, 0.05);
        double[] rateWeek = weekly(r, uniform(r, 0, 0.15));
        double[] walk = randomWalk(r, n, logUniform(r, 0.002, 0.02));
        int phase = r.nextInt(7);
        double[] cf = new double[n];
        double[] path = new double[n];
        for (int t = 0; t < n; t++) {
            int d = (t + phase) % 7;
            int s = (int) Math.max(1, Math.round(sessions * Math.exp(trafficWeek[d] + traffic[t])));
            double q = Math.min(0.5, q0 * Math.exp(rateWeek[d] + walk[t]));
            int f = binomial(r, s, q);
            cf[t] = 1 - f / (double) s;
            if (t >= PRE && effect != 0) {
                path[t] = binomial(extra, f, effect) / (double) s;
            }
        }
        return assemble("rate_high", seed, effect, cf, new double[0][], null, PRE, POST, 7, path);
    }

    /**
     * Low-volume counts (sign-ups of a small product): Poisson with mean {@code λ₀ exp(w(day) + walk_t)}, λ₀
     * log-uniform 3-100 a day, weekly 0-30 %, a log random walk of step 0-1 %/day. Effect: extra events Poisson(e λ_t)
     * on every post day (realised).
     */
    static SimCase counts(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        SplittableRandom extra = r.split();
        int n = PRE + POST;
        double lambda0 = logUniform(r, 3, 100);
        double[] week = weekly(r, uniform(r, 0, 0.30));
        double[] walk = randomWalk(r, n, uniform(r, 0, 0.01));
        int phase = r.nextInt(7);
        double[] cf = new double[n];
        double[] path = new double[n];
        for (int t = 0; t < n; t++) {
            double lambda = lambda0 * Math.exp(week[(t + phase) % 7] + walk[t]);
            cf[t] = poisson(r, lambda);
            if (t >= PRE && effect != 0) {
                path[t] = poisson(extra, lambda * effect);
            }
        }
        return assemble("counts", seed, effect, cf, new double[0][], null, PRE, POST, 7, path);
    }

    /**
     * Heavy tails: level log-uniform 100 .. 10⁵, slope ±0.3 %/day, weekly 5-20 %, AR(1) φ 0.2-0.7 with Student-t
     * innovations of 2.2-5 degrees of freedom, marginal sd 2-5 %. Effect: {@code e × level} added.
     */
    static SimCase heavy(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        double level = logUniform(r, 100, 1e5);
        double df = uniform(r, 2.2, 5);
        double[] cf = trendWeeklyAr(r, PRE + POST, level, 0.003, 0.2, 0.7, 0.02, 0.05, true, df);
        return additive("heavy", seed, effect, cf, new double[0][], PRE, POST, effect * level);
    }

    /**
     * Missing days: the spikes kind's shape without spikes, each day missing with probability 0-20 % (per series), and
     * for half the series an outage of 3-10 consecutive days inside the pre-period. Effect: {@code e × level} added;
     * the true average is over the observed post days.
     */
    static SimCase missing(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = PRE + POST;
        double level = logUniform(r, 100, 1e5);
        double[] cf = trendWeeklyAr(r, n, level, 0.003, 0.2, 0.7, 0.02, 0.05, false, 0);
        double share = uniform(r, 0, 0.2);
        for (int t = 0; t < n; t++) {
            if (chance(r, share)) {
                cf[t] = Double.NaN;
            }
        }
        if (chance(r, 0.5)) {
            int length = integer(r, 3, 10);
            int start = integer(r, 2, PRE - length - 2);
            for (int t = start; t < start + length; t++) {
                cf[t] = Double.NaN;
            }
        }
        return additive("missing", seed, effect, cf, new double[0][], PRE, POST, effect * level);
    }

    /**
     * A level shift inside the pre-period: the spikes kind's shape, plus a step of ±(5-30 %) of the level from a day
     * uniform in 10 .. 50. Effect: {@code e × level} added.
     */
    static SimCase preshift(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        double level = logUniform(r, 100, 1e5);
        double[] cf = trendWeeklyAr(r, PRE + POST, level, 0.003, 0.2, 0.7, 0.02, 0.05, false, 0);
        int at = integer(r, 10, 50);
        double step = uniform(r, 0.05, 0.30) * level * (chance(r, 0.5) ? -1 : 1);
        for (int t = at; t < cf.length; t++) {
            cf[t] += step;
        }
        return additive("preshift", seed, effect, cf, new double[0][], PRE, POST, effect * level);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    /** level + slope (uniform ±slopeMax of the level a day) + weekly (5-20 %) + AR(1) noise (φ and sd from ranges). */
    private static double[] trendWeeklyAr(
            SplittableRandom r,
            int n,
            double level,
            double slopeMax,
            double phiLow,
            double phiHigh,
            double sdLow,
            double sdHigh,
            boolean student,
            double df) {
        double slope = uniform(r, -slopeMax, slopeMax) * level;
        double[] week = weekly(r, uniform(r, 0.05, 0.20) * level);
        double phi = uniform(r, phiLow, phiHigh);
        double sd = uniform(r, sdLow, sdHigh) * level;
        double[] noise = student ? ar1Student(r, n, phi, sd, df) : ar1(r, n, phi, sd);
        int phase = r.nextInt(7);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = level + slope * t + week[(t + phase) % 7] + noise[t];
        }
        return y;
    }

    private static double[] constant(int n, int from, double value) {
        double[] path = new double[n];
        for (int t = from; t < n; t++) {
            path[t] = value;
        }
        return path;
    }

    private static SimCase additive(
            String kind,
            long seed,
            double effect,
            double[] cf,
            double[][] controls,
            int pre,
            int post,
            double absolute) {
        return assemble(kind, seed, effect, cf, controls, null, pre, post, 7, constant(pre + post, pre, absolute));
    }

    private static SimCase multiplicative(
            String kind, long seed, double effect, double[] cf, int pre, int post, int season, int firstHourOfWeek) {
        double[] path = new double[pre + post];
        for (int t = pre; t < pre + post; t++) {
            path[t] = effect * cf[t];
        }
        SimCase c = assemble(kind, seed, effect, cf, new double[0][], null, pre, post, season, path);
        return new SimCase(
                c.kind(),
                c.seed(),
                c.effect(),
                c.response(),
                c.controls(),
                c.preStart(),
                c.preEnd(),
                c.postStart(),
                c.postEnd(),
                c.season(),
                c.effectPath(),
                c.controlEffectPath(),
                firstHourOfWeek);
    }

    /** response = counterfactual + path (NaN stays NaN); controls likewise with their paths (null: untouched). */
    private static SimCase assemble(
            String kind,
            long seed,
            double effect,
            double[] cf,
            double[][] controls,
            double[][] controlPaths,
            int pre,
            int post,
            int season,
            double[] path) {
        int n = pre + post;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = cf[t] + path[t];
        }
        double[][] x = new double[controls.length][];
        double[][] xPath = new double[controls.length][];
        for (int c = 0; c < controls.length; c++) {
            xPath[c] = controlPaths == null || controlPaths[c] == null ? new double[n] : controlPaths[c];
            x[c] = new double[n];
            for (int t = 0; t < n; t++) {
                x[c][t] = controls[c][t] + xPath[c][t];
            }
        }
        return new SimCase(kind, seed, effect, y, x, 0, pre - 1, pre, n - 1, season, path, xPath, -1);
    }
}
