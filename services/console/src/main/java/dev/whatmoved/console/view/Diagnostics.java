package dev.whatmoved.console.view;

import dev.whatmoved.console.client.Outcome;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How an outcome's verdict was reached, in plain words for the pages: an interim checkpoint's "early read" (its
 * {@code sequential}), the placebo calibration of its interval ({@code placebo}), the model's scale ({@code
 * model.scale}, {@code model.scaleWeights}) and the history days set aside as spikes ({@code outliers}); see
 * docs/statistics.md. Each reads attribution's outcome as it answers it: an outcome measured before these fields existed
 * (or a pending one, or an older attribution) has them null or missing, and then nothing is said.
 *
 * <p>The words are plain text: the templates escape them like any other value (they contain attribution's text, e.g.
 * the placebo note).
 */
@TemplateExtension(namespace = "diag")
public class Diagnostics {

    /**
     * The family-wise level the looks share. Attribution's default ({@code whatmoved.outcomes.alpha}); the pages
     * already speak of 95 % intervals, and an outcome does not carry the level it was planned at.
     */
    static final double FAMILY_ALPHA = 0.05;

    /** Outlier days listed in full; more are counted ("and 3 more") and all are in the title. */
    static final int OUTLIERS_LISTED = 5;

    private static final String[] NUMBERS = {
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"
    };

    private Diagnostics() {}

    /** One diagnostic of an outcome: what it says, and a longer explanation for its title (tooltip). */
    @TemplateData
    public record Line(String kind, String text, String title) {}

    /** Whether the outcome's verdict is an interim one: a later checkpoint is planned. */
    public static boolean earlyRead(Outcome outcome) {
        Outcome.Sequential sequential = outcome == null ? null : outcome.sequential();
        return sequential != null && Boolean.TRUE.equals(sequential.earlyRead());
    }

    /** Why an early read is labelled so, for the label's title. */
    static String earlyReadTitle(Outcome outcome) {
        Outcome.Sequential sequential = outcome.sequential();
        int looks = sequential == null ? 0 : sequential.looks().size();
        int look = sequential == null || sequential.look() == null ? 0 : sequential.look();
        StringBuilder title = new StringBuilder("interim checkpoint");
        if (look > 0 && looks > 0) {
            title.append(" (look ").append(look).append(" of ").append(looks).append(')');
        }
        title.append(": decided");
        if (sequential != null && sequential.decisionAlpha() != null) {
            title.append(" at α = ")
                    .append(significant(sequential.decisionAlpha() * 100, 2))
                    .append(" %");
        }
        title.append(", stricter than the final look, so that ")
                .append(looks > 1 ? count(looks) + " looks" : "the looks")
                .append(" together call a release that changed nothing 'moved' at most ")
                .append(significant(FAMILY_ALPHA * 100, 2))
                .append(
                        " % of the time. So the 95 % interval shown can exclude zero without the verdict saying 'moved'.");
        return title.toString();
    }

    /**
     * What the model did for this outcome, in the order a reader checks it: its scale, the placebo calibration of its
     * interval, the history days it set aside. Empty for an outcome without them.
     */
    static List<Line> lines(Outcome outcome) {
        List<Line> lines = new ArrayList<>();
        if (outcome == null) {
            return lines;
        }
        String scale = scale(outcome.model());
        if (scale != null) {
            lines.add(new Line("scale", scale, scaleTitle(outcome.model())));
        }
        String placebo = placebo(outcome.placebo());
        if (placebo != null) {
            lines.add(new Line(
                    "placebo",
                    placebo,
                    "The model was run as if the release had happened at earlier dates of the metric's own history,"
                            + " where nothing was released. Where its interval for no change excluded zero there more"
                            + " often than expected, the interval is widened (never narrowed)."));
        }
        List<String> outliers = outcome.outliers();
        if (!outliers.isEmpty()) {
            lines.add(new Line(
                    "outliers",
                    outliers(outliers),
                    "Days of the history before the release left out of"
                            + " what the model learned, each far outside what it expected the day before (a promotion, an"
                            + " outage, a bot): " + join(outliers, outliers.size()) + "."));
        }
        return lines;
    }

    /** {@code multiplicative model (80 %)}: the dominant scale and its weight; null without one. */
    static String scale(Outcome.Model model) {
        if (model == null || model.scale() == null) {
            return null;
        }
        String scale = model.scale();
        Double weight =
                model.scaleWeights() == null ? null : model.scaleWeights().get(scale);
        return scale + " model" + (weight != null ? " (" + share(weight) + ")" : "");
    }

    private static String scaleTitle(Outcome.Model model) {
        StringBuilder title = new StringBuilder("The model is fitted on the metric as it is (additive) and on its"
                + " logarithm (multiplicative: growth and weekly cycles multiply), and the two are averaged by how well"
                + " each explains the history before the release");
        Map<String, Double> weights = model.scaleWeights();
        if (weights != null && !weights.isEmpty()) {
            List<String> each = new ArrayList<>();
            weights.forEach((name, weight) -> {
                if (weight != null) {
                    each.add(name + " " + share(weight));
                }
            });
            if (!each.isEmpty()) {
                title.append(": ").append(String.join(", ", each));
            }
        }
        return title.append('.').toString();
    }

    /**
     * {@code calibrated at 24 placebo dates in the metric's history: 3 of 24 intervals excluded zero (1.2 expected),
     * interval widened ×1.35}; without placebo dates, why; null when the outcome has no placebo calibration at all.
     */
    static String placebo(Outcome.Placebo placebo) {
        if (placebo == null) {
            return null;
        }
        int dates = placebo.dates() == null ? 0 : placebo.dates();
        String note = placebo.note();
        if (dates <= 0) {
            return "no placebo calibration: " + (note != null ? note : "the interval is the model's own");
        }
        double factor = placebo.factor() == null ? 1 : placebo.factor();
        String widened = factor > 1.005
                ? "interval widened ×" + String.format(Locale.ROOT, "%.2f", factor)
                : "interval not widened";
        return "calibrated at " + dates + " placebo date" + (dates == 1 ? "" : "s") + " in the metric's history: "
                + (placebo.excludedZero() == null ? 0 : placebo.excludedZero()) + " of " + dates
                + " intervals excluded zero (" + decimals(placebo.expected() == null ? 0 : placebo.expected())
                + " expected), " + widened + (note != null ? " (" + note + ")" : "");
    }

    /** {@code 2 history days set aside as spikes: 2026-10-03, 2026-10-04}. */
    static String outliers(List<String> days) {
        int n = days.size();
        String text = n == 1 ? "1 history day set aside as a spike: " : n + " history days set aside as spikes: ";
        text += join(days, OUTLIERS_LISTED);
        return n > OUTLIERS_LISTED ? text + " and " + (n - OUTLIERS_LISTED) + " more" : text;
    }

    private static String join(List<String> days, int at) {
        return String.join(", ", days.subList(0, Math.min(at, days.size())));
    }

    private static String count(int n) {
        return n >= 0 && n < NUMBERS.length ? NUMBERS[n] : Integer.toString(n);
    }

    private static String share(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }

    /** At most two decimals, no trailing zeros: 1.2000000000000002 → {@code 1.2}, 0.35 → {@code 0.35}. */
    static String decimals(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        return BigDecimal.valueOf(value)
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** {@code digits} significant digits, no trailing zeros: 0.2 → {@code 0.2}, 0.033 → {@code 0.033}. */
    static String significant(double value, int digits) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        if (value == 0) {
            return "0";
        }
        return BigDecimal.valueOf(value)
                .round(new MathContext(digits, RoundingMode.HALF_UP))
                .stripTrailingZeros()
                .toPlainString();
    }
}
