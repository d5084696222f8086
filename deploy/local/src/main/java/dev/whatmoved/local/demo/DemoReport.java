package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo prints at the end: outputs against outcomes per team for the quarter, and each team's calibration,
 * both as attribution answers them ({@code /api/outputs-vs-outcomes}, {@code /api/calibration}).
 */
final class DemoReport {

    private final Scenario scenario;
    private final AttributionClient attribution;
    private final PrintStream out;

    DemoReport(Scenario scenario, AttributionClient attribution, PrintStream out) {
        this.scenario = scenario;
        this.attribution = attribution;
        this.out = out;
    }

    /** Prints both tables; says so when attribution does not serve the queries. */
    void print(Map<String, JsonNode> outcomes) {
        out.println();
        out.println("Outputs vs outcomes, " + scenario.quarter() + " (" + scenario.quarterStart() + " to "
                + scenario.quarterEnd() + "): what each team shipped, and what its predictions did");
        out.println();
        JsonNode outputs = attribution.outputsVsOutcomes().orElse(null);
        if (outputs == null) {
            out.println("  (attribution does not serve /api/outputs-vs-outcomes yet; verdicts per team from the"
                    + " outcomes instead)");
            printVerdictCounts(outcomes);
        } else {
            printOutputs(outputs);
        }
        out.println();
        out.println("Calibration of each team, features shipped in " + scenario.quarter()
                + " (latest checkpoint of each prediction, first release)");
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "team",
            "scored",
            "direction hit rate",
            "Brier",
            "predicted/measured",
            "range coverage",
            "inconclusive",
            "guardrails",
            "amended after ship"
        });
        List<JsonNode> reports = new ArrayList<>();
        for (String team : scenario.teams()) {
            JsonNode calibration = attribution
                    .calibration(team, scenario.quarterStart(), scenario.quarterEnd())
                    .orElse(null);
            if (calibration == null) {
                out.println("  (attribution does not serve /api/calibration yet)");
                return;
            }
            reports.add(calibration);
            JsonNode counts = calibration.path("counts");
            rows.add(new String[] {
                team,
                counts.path("scored").asText("0") + " of "
                        + counts.path("predictions").asText("0"),
                percent(calibration.path("directionHitRate")),
                number(calibration.path("brierScore"), "%.2f"),
                number(calibration.path("medianPredictedToMeasured"), "%.1fx"),
                percent(calibration.path("rangeCoverage")),
                counts.path("inconclusive").asText("0"),
                counts.path("guardrails").asText("0"),
                counts.path("excludedAmendedAfterShip").asText("0") + " (not scored)"
            });
        }
        table(rows);
        out.println();
        out.println(
                "Each prediction (stated confidence; measured change and its 95 % interval at the latest checkpoint):");
        out.println();
        List<String[]> predictions = new ArrayList<>();
        predictions.add(new String[] {
            "team", "owner", "feature", "metric", "predicted", "confidence", "measured", "at", "verdict"
        });
        for (JsonNode report : reports) {
            for (JsonNode p : report.path("predictions")) {
                predictions.add(new String[] {
                    p.path("team").asText(),
                    p.path("owner").asText(),
                    p.path("featureKey").asText(),
                    p.path("metric").asText(),
                    predicted(p),
                    number(p.path("confidence"), "%.2f"),
                    measured(p),
                    p.path("checkpointDays").isNumber()
                            ? p.path("checkpointDays").asInt() + " d"
                            : "-",
                    p.path("verdict").asText("-")
                            + (p.path("amendedAfterShip").asBoolean() ? " (amended after ship)" : "")
                });
            }
        }
        table(predictions);
    }

    private void printOutputs(JsonNode outputs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "team",
            "features shipped",
            "releases",
            "rolled back",
            "predictions",
            "moved as predicted",
            "moved opposite",
            "no detectable change",
            "inconclusive",
            "pending"
        });
        for (JsonNode row : outputs.path("rows")) {
            if (!scenario.quarter().equals(row.path("period").asText())) {
                continue;
            }
            rows.add(new String[] {
                row.path("team").isNull() ? "(no feature)" : row.path("team").asText(),
                row.path("featuresShipped").asText(),
                row.path("releases").asText(),
                row.path("rolledBack").asText(),
                row.path("predictions").asText(),
                row.path("movedAsPredicted").asText(),
                row.path("movedOpposite").asText(),
                row.path("noDetectableChange").asText(),
                row.path("inconclusive").asText(),
                row.path("pending").asText()
            });
        }
        table(rows);
    }

    /** The fallback: latest verdict of each prediction of each feature's first release, by team. */
    private void printVerdictCounts(Map<String, JsonNode> outcomes) {
        Map<String, Map<String, Integer>> byTeam = new TreeMap<>();
        for (Scenario.Feature feature : scenario.features()) {
            scenario.firstRelease(feature.key()).map(r -> outcomes.get(r.id())).ifPresent(answer -> {
                Map<Integer, JsonNode> latest = new TreeMap<>();
                for (JsonNode o : answer.path("outcomes")) {
                    if (feature.key().equals(o.path("featureKey").asText())
                            && !o.path("verdict").asText().equals("pending")) {
                        latest.merge(
                                o.path("predictionNumber").asInt(),
                                o,
                                (a, b) -> a.path("checkpointDays").asInt()
                                                >= b.path("checkpointDays").asInt()
                                        ? a
                                        : b);
                    }
                }
                latest.values().forEach(o -> byTeam.computeIfAbsent(feature.team(), t -> new TreeMap<>())
                        .merge(o.path("verdict").asText(), 1, Integer::sum));
            });
        }
        byTeam.forEach((team, verdicts) -> out.println("  " + team + ": " + verdicts));
    }

    private static String predicted(JsonNode p) {
        if (!p.path("expectedChangePct").isNumber()) {
            return p.path("direction").asText();
        }
        String sign = "down".equals(p.path("direction").asText()) ? "-" : "+";
        String text = sign + trim(p.path("expectedChangePct").asDouble()) + " %";
        if (p.path("lowPct").isNumber()) {
            text += " (" + trim(p.path("lowPct").asDouble()) + " to "
                    + trim(p.path("highPct").asDouble()) + ")";
        }
        return text;
    }

    private static String measured(JsonNode p) {
        if (!p.path("measuredChangePct").isNumber()) {
            return "-";
        }
        return String.format(
                Locale.ROOT,
                "%+.1f %% [%+.1f, %+.1f]",
                p.path("measuredChangePct").asDouble(),
                p.path("measuredLowerPct").asDouble(),
                p.path("measuredUpperPct").asDouble());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String percent(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.0f %%", 100 * value.asDouble()) : "-";
    }

    private static String number(JsonNode value, String format) {
        return value.isNumber() ? String.format(Locale.ROOT, format, value.asDouble()) : "-";
    }

    private void table(List<String[]> rows) {
        TextTable.print(out, rows);
    }
}
