package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The prediction reviews of the demo's features, as the features service answers them once the metrics' history is
 * in (before the releases): for each prediction, the smallest change its metric can show at a week, a month and the
 * horizon, and the first checkpoint that could detect the predicted change.
 */
final class ReviewReport {

    private static final int[] SHOWN = {7, 30, 90};

    private final Scenario scenario;
    private final FeaturesClient features;
    private final PrintStream out;

    ReviewReport(Scenario scenario, FeaturesClient features, PrintStream out) {
        this.scenario = scenario;
        this.features = features;
        this.out = out;
    }

    void print() {
        out.println();
        out.println(
                "Prediction reviews: what each metric's history can detect (80 % power; minimum detectable effect)");
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "team", "feature", "metric", "predicted", "MDE 7 d", "MDE 30 d", "MDE 90 d", "first detectable"
        });
        List<String> warnings = new ArrayList<>();
        for (Scenario.Feature feature : scenario.features()) {
            JsonNode answer = features.feature(feature.key()).orElse(null);
            if (answer == null) {
                continue;
            }
            for (JsonNode prediction : answer.path("predictions")) {
                JsonNode review = prediction.path("review");
                if (!review.path("available").asBoolean(false)) {
                    rows.add(new String[] {
                        feature.team(),
                        feature.key(),
                        prediction.path("metric").asText(),
                        "-",
                        "-",
                        "-",
                        "-",
                        "not reviewed: " + review.path("reason").asText("no review")
                    });
                    continue;
                }
                String[] row = new String[8];
                row[0] = feature.team();
                row[1] = feature.key();
                row[2] = prediction.path("metric").asText();
                row[3] = review.path("changePct").isNumber()
                        ? String.format(
                                Locale.ROOT, "%.1f %%", review.path("changePct").asDouble())
                        : "-";
                for (int i = 0; i < SHOWN.length; i++) {
                    row[4 + i] = mde(review, SHOWN[i]);
                }
                row[7] = review.path("firstDetectableDay").isNumber()
                        ? "day " + review.path("firstDetectableDay").asInt()
                        : "none";
                rows.add(row);
                if (!review.path("firstDetectableDay").isNumber() && review.hasNonNull("summary")) {
                    warnings.add(feature.key() + ": " + review.path("summary").asText());
                }
            }
        }
        TextTable.print(out, rows);
        warnings.forEach(w -> out.println("  ! " + w));
    }

    private static String mde(JsonNode review, int days) {
        for (JsonNode checkpoint : review.path("checkpoints")) {
            if (checkpoint.path("days").asInt() == days) {
                return checkpoint.path("mdePct").isNumber()
                        ? String.format(
                                Locale.ROOT,
                                "%.1f %%",
                                checkpoint.path("mdePct").asDouble())
                        : "-";
            }
        }
        return "-";
    }
}
