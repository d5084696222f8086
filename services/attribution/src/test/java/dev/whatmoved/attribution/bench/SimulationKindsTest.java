package dev.whatmoved.attribution.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whatmoved.attribution.bench.SimulationKinds.EffectForm;
import dev.whatmoved.attribution.bench.SimulationKinds.Kind;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulation study's generators themselves: every kind is a pure function of its seed, and its series with an
 * effect is the same seed's null series plus the declared effect path, whose average over the post-period is the
 * declared true effect. No model runs here (fast; the model's coverage targets are asserted elsewhere).
 */
class SimulationKindsTest {

    private static final int SEEDS = 20;

    @Test
    void kindsHaveUniqueNamesAndSensibleDesigns() {
        Set<String> names = new HashSet<>();
        for (Kind kind : SimulationKinds.ALL) {
            assertTrue(names.add(kind.name()), kind.name());
            assertTrue(kind.effects().length > 0, kind.name());
            SimCase c = kind.generate(kind.seedBase(), 0);
            int n = c.response().length;
            assertEquals(0, c.preStart(), kind.name());
            assertTrue(c.preEnd() >= 20 && c.postStart() == c.preEnd() + 1 && c.postEnd() == n - 1, kind.name());
            assertTrue(c.season() == 7 || c.season() == 24, kind.name());
            if (c.season() == 24) {
                assertTrue(c.firstHourOfWeek() >= 0 && c.firstHourOfWeek() % 24 == 0, kind.name());
                int postWeekday = (c.firstHourOfWeek() / 24 + c.postStart() / 24) % 7; // Monday = 0
                if (kind.name().equals("hourly_weekend")) {
                    assertEquals(5, postWeekday, "a Saturday");
                } else if (kind.name().equals("hourly_weekday")) {
                    assertEquals(0, postWeekday, "a Monday");
                }
            } else {
                assertEquals(-1, c.firstHourOfWeek(), kind.name());
            }
            if (kind.looks() != null) {
                assertEquals(c.postEnd() - c.postStart() + 1, kind.looks()[kind.looks().length - 1], kind.name());
            }
        }
    }

    @Test
    void everyKindIsDeterministicBySeed() {
        for (Kind kind : SimulationKinds.ALL) {
            for (int i = 0; i < SEEDS; i++) {
                long seed = kind.seedBase() + 777 + i;
                double effect = kind.effects()[kind.effects().length - 1];
                SimCase a = kind.generate(seed, effect);
                SimCase b = kind.generate(seed, effect);
                assertArrayEquals(a.response(), b.response(), kind.name());
                assertArrayEquals(a.effectPath(), b.effectPath(), kind.name());
                assertEquals(a.controls().length, b.controls().length, kind.name());
                for (int c = 0; c < a.controls().length; c++) {
                    assertArrayEquals(a.controls()[c], b.controls()[c], kind.name());
                }
                SimCase other = kind.generate(seed + 1, effect);
                assertFalse(java.util.Arrays.equals(a.response(), other.response()), kind.name());
            }
        }
    }

    @Test
    void theEffectSeriesIsTheNullSeriesPlusTheDeclaredEffect() {
        for (Kind kind : SimulationKinds.ALL) {
            for (double effect : kind.effects()) {
                for (int i = 0; i < SEEDS; i++) {
                    long seed = kind.seedBase() + 1_000 + i;
                    SimCase zero = kind.generate(seed, 0);
                    SimCase moved = kind.generate(seed, effect);
                    check(kind, effect, zero, moved);
                }
            }
        }
    }

    private static void check(Kind kind, double effect, SimCase zero, SimCase moved) {
        String name = kind.name() + " seed " + moved.seed() + " effect " + effect;
        int n = zero.response().length;
        assertEquals(n, moved.response().length, name);
        double[] path = moved.effectPath();
        double tolerance = 1e-9 * Math.max(1, maxAbs(zero.response()));
        for (double v : zero.effectPath()) {
            assertEquals(0, v, 0, name + ": the null series has no effect");
        }
        double sum = 0;
        int observed = 0;
        double first = Double.NaN;
        for (int t = 0; t < n; t++) {
            boolean post = t >= moved.postStart() && t <= moved.postEnd();
            if (!post) {
                assertEquals(0, path[t], 0, name + ": no effect before the release, t=" + t);
            }
            double y0 = zero.response()[t];
            double y1 = moved.response()[t];
            assertEquals(Double.isNaN(y0), Double.isNaN(y1), name + ": the same points are missing, t=" + t);
            if (Double.isNaN(y0)) {
                continue;
            }
            assertEquals(path[t], y1 - y0, tolerance, name + ": effect series - null series = the path, t=" + t);
            if (post) {
                sum += path[t];
                observed++;
                switch (kind.form()) {
                    case ADDITIVE -> {
                        if (Double.isNaN(first)) {
                            first = path[t];
                        }
                        assertEquals(first, path[t], tolerance, name + ": an additive effect is constant");
                        assertTrue(path[t] > 0, name);
                    }
                    case MULTIPLICATIVE -> assertEquals(effect * y0, path[t], tolerance, name + ": e x counterfactual");
                    case REALISED -> assertTrue(path[t] >= 0, name + ": extra events are never negative");
                }
            }
        }
        assertTrue(observed > 0, name);
        assertEquals(sum / observed, moved.trueEffect(), tolerance, name + ": the declared true effect");
        if (kind.form() == EffectForm.MULTIPLICATIVE) {
            assertEquals(effect * zero.counterfactualMean(zero.postEnd()), moved.trueEffect(), tolerance, name);
        }
        assertEquals(
                zero.counterfactualMean(zero.postEnd()), moved.counterfactualMean(moved.postEnd()), tolerance, name);
        for (int c = 0; c < zero.controls().length; c++) {
            for (int t = 0; t < n; t++) {
                assertEquals(
                        moved.controlEffectPath()[c][t],
                        moved.controls()[c][t] - zero.controls()[c][t],
                        tolerance,
                        name + ": control " + c + " moves only by its declared path, t=" + t);
            }
        }
    }

    @Test
    void realisedEffectsAverageToTheirExpectation() {
        // across seeds, the realised relative effect of the count kinds is close to the nominal one
        for (Kind kind : SimulationKinds.ALL) {
            if (kind.form() != EffectForm.REALISED) {
                continue;
            }
            double effect = kind.effects()[kind.effects().length - 1];
            double ratio = 0;
            int seeds = 200;
            for (int i = 0; i < seeds; i++) {
                SimCase c = kind.generate(kind.seedBase() + 5_000 + i, effect);
                double cf = c.counterfactualMean(c.postEnd());
                double relative = kind.name().equals("rate_high") ? 1 - cf : cf; // rate_high: share of failures
                ratio += c.trueEffect() / relative / seeds;
            }
            assertEquals(effect, ratio, 0.2 * effect, kind.name());
        }
    }

    @Test
    void theLeakyControlIsTheHonestOnePlusTheLeak() {
        Kind honest = SimulationKinds.find("ctrl_honest");
        Kind leaky = SimulationKinds.find("ctrl_leaky");
        for (int i = 0; i < SEEDS; i++) {
            long seed = honest.seedBase() + i;
            SimCase h = honest.generate(seed, 0.10);
            SimCase l = leaky.generate(seed, 0.10);
            assertArrayEquals(h.response(), l.response());
            double leak = l.controls()[0][l.postEnd()] - h.controls()[0][h.postEnd()];
            assertTrue(leak > 0);
            assertEquals(leak, l.controlEffectPath()[0][l.postEnd()], 1e-9 * Math.abs(h.controls()[0][0]));
            assertArrayEquals(h.controls()[0], leaky.generate(seed, 0).controls()[0]);
        }
    }

    @Test
    void everyLookHasAnAlpha() {
        for (int look = 0; look < SimulationKinds.LOOKS.length; look++) {
            double alpha = SimulationStudy.lookAlpha(look, SimulationKinds.LOOKS);
            assertTrue(alpha > 0 && alpha <= 0.5, "look " + look + ": " + alpha);
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                m = Math.max(m, Math.abs(x));
            }
        }
        return m;
    }
}
