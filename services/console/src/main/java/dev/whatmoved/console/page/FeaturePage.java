package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.console.client.FeatureSummary;
import dev.whatmoved.console.client.ItemPage;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.view.Charts;
import dev.whatmoved.console.view.Diagnostics;
import dev.whatmoved.console.view.Direction;
import dev.whatmoved.console.view.Formats;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /features} and {@code /features/{key}}: predictions, releases, verdicts and a chart per prediction. */
@Path("/features")
public class FeaturePage {

    /** Days of the metric shown before a release when attribution has not yet measured a window. */
    static final int DAYS_BEFORE = 28;

    private final Reads reads;
    private final ObjectMapper json;
    private final Template features;
    private final Template feature;
    private final FirstRun firstRun;

    public FeaturePage(
            Reads reads,
            ObjectMapper json,
            @Location("features.html") Template features,
            @Location("feature.html") Template feature,
            FirstRun firstRun) {
        this.reads = reads;
        this.json = json;
        this.features = features;
        this.feature = feature;
        this.firstRun = firstRun;
    }

    /**
     * @param list the read of the features (its error, if any, is the page's)
     * @param calibration attribution's calibration, where the verdicts come from
     * @param rows the features that match, each with the verdicts of its predictions
     * @param total how many features features has (before the verdict and period filters)
     * @param capped there were more features than the console reads at once
     */
    @TemplateData
    public record ListPage(
            Panel<ItemPage<FeatureSummary>> list,
            Panel<JsonNode> calibration,
            List<FeatureRow> rows,
            long total,
            boolean capped,
            String team,
            String owner,
            String verdict,
            String period,
            List<String> verdicts) {

        public boolean filtered() {
            return team != null || owner != null || verdict != null || period != null;
        }

        /** features holds no feature at all (not: none matches the filters). */
        public boolean none() {
            return list.ok() && !filtered() && total == 0;
        }
    }

    /** A feature and the verdicts its predictions were scored with (empty until it shipped and was measured). */
    @TemplateData
    public record FeatureRow(FeatureSummary feature, List<String> verdicts) {}

    /**
     * @param predictions current predictions, each with its chart id and note
     * @param history versions per prediction number, oldest first
     */
    @TemplateData
    public record Page(
            String key,
            Panel<JsonNode> feature,
            Panel<JsonNode> outcomes,
            List<PredictionChart> predictions,
            List<JsonNode> history,
            List<JsonNode> outcomeRows,
            Charts charts) {}

    /** A current prediction and what its chart shows (or why it shows less). */
    @TemplateData
    public record PredictionChart(JsonNode prediction, String chartId, String note) {}

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> list(
            @QueryParam("team") String team,
            @QueryParam("owner") String owner,
            @QueryParam("verdict") String verdict,
            @QueryParam("period") String period) {
        String t = ReleasePage.blankToNull(team);
        String o = ReleasePage.blankToNull(owner);
        String v = ReleasePage.blankToNull(verdict);
        Optional<Period> p = Period.parse(period);
        return Uni.combine()
                .all()
                .unis(
                        AllPages.read(n -> reads.featureList(t, o, n, AllPages.SIZE)),
                        reads.attribution(api -> api.calibration(t, o)))
                .asTuple()
                .map(both -> {
                    AllPages<FeatureSummary> all = both.getItem1();
                    Panel<JsonNode> calibration = both.getItem2();
                    // The verdict of each prediction as calibration judged it (on the feature's first release).
                    Map<String, Set<String>> verdicts = new HashMap<>();
                    calibration.data().path("predictions").forEach(pr -> verdicts.computeIfAbsent(
                                    pr.path("featureKey").asText(), k -> new TreeSet<>(VERDICT_ORDER))
                            .add(pr.path("verdict").asText("pending")));
                    List<FeatureRow> rows = all.items().stream()
                            .filter(f -> p.isEmpty() || p.get().holds(f.shippedAt()))
                            .map(f -> new FeatureRow(f, List.copyOf(verdicts.getOrDefault(f.key(), Set.of()))))
                            .filter(row -> v == null || row.verdicts().contains(v))
                            .toList();
                    return new ListPage(
                            all.read(),
                            calibration,
                            rows,
                            all.total(),
                            all.capped(),
                            t,
                            o,
                            v,
                            p.map(Period::name).orElse(null),
                            Verdicts.ALL);
                })
                .flatMap(page -> firstRun.when(page.none())
                        .map(guide -> features.data("page", page).data("guide", guide)));
    }

    private static final Comparator<String> VERDICT_ORDER = Comparator.comparingInt((String verdict) -> {
                int i = Verdicts.ALL.indexOf(verdict);
                return i < 0 ? Verdicts.ALL.size() : i;
            })
            .thenComparing(Comparator.naturalOrder());

    @GET
    @Path("/{key}")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<RestResponse<TemplateInstance>> get(@PathParam("key") String key) {
        Uni<Panel<JsonNode>> featureRead = reads.feature(key);
        Uni<Panel<JsonNode>> outcomesRead = reads.attribution(api -> api.featureOutcomes(key));
        return Uni.combine().all().unis(featureRead, outcomesRead).asTuple().flatMap(both -> {
            Panel<JsonNode> f = both.getItem1();
            Panel<JsonNode> o = both.getItem2();
            List<JsonNode> current = list(f.data().path("predictions"));
            List<Uni<PredictionChart>> charts = new ArrayList<>();
            Charts specs = new Charts(json);
            for (int i = 0; i < current.size(); i++) {
                charts.add(chart(f.data(), o.data(), current.get(i), "chart-prediction-" + (i + 1), specs));
            }
            Uni<List<PredictionChart>> all = charts.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : Uni.join().all(charts).andFailFast();
            return all.map(predictionCharts -> {
                List<JsonNode> history = list(f.data().path("history"));
                history.sort(
                        Comparator.comparingInt((JsonNode p) -> p.path("number").asInt())
                                .thenComparingInt(p -> p.path("version").asInt()));
                List<JsonNode> rows = list(o.data());
                rows.sort(Comparator.comparing(
                                (JsonNode r) -> r.path("releaseId").asText())
                        .thenComparingInt(r -> r.path("predictionNumber").asInt())
                        .thenComparingInt(r -> r.path("checkpointDays").asInt()));
                return Answers.page(
                        f, feature.data("page", new Page(key, f, o, predictionCharts, history, rows, specs)));
            });
        });
    }

    /**
     * The metric around the feature's first release with the release marked and, once attribution measured a
     * checkpoint, the counterfactual and its interval after it (the model's forecast on the outcome's window).
     */
    private Uni<PredictionChart> chart(
            JsonNode feature, JsonNode outcomes, JsonNode prediction, String chartId, Charts specs) {
        String metric = prediction.path("metric").asText();
        int number = prediction.path("number").asInt();
        Optional<JsonNode> firstRelease = list(feature.path("releases")).stream()
                .min(Comparator.comparing(r -> r.path("deployedAt").asText()));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (firstRelease.isEmpty()) {
            return series(metric, today.minusDays(DAYS_BEFORE), today).map(days -> {
                ObjectNode spec = specs.add(chartId, "impact");
                fill(spec, metric, days, null, null, null);
                return new PredictionChart(prediction, chartId, "Not shipped yet: the chart shows the metric so far.");
            });
        }
        JsonNode release = firstRelease.get();
        String releaseId = release.path("id").asText();
        LocalDate releaseDay = Days.dayOf(release.path("deployedAt").asText());
        Optional<JsonNode> measured = list(outcomes).stream()
                .filter(o -> releaseId.equals(o.path("releaseId").asText()))
                .filter(o -> o.path("predictionNumber").asInt() == number)
                .filter(o -> o.hasNonNull("measuredAt") && o.path("window").hasNonNull("postTo"))
                .max(Comparator.comparingInt(o -> o.path("checkpointDays").asInt()));
        if (measured.isEmpty()) {
            LocalDate first = releaseDay.minusDays(DAYS_BEFORE);
            return series(metric, first, today).map(days -> {
                ObjectNode spec = specs.add(chartId, "impact");
                fill(spec, metric, days, release, null, null);
                return new PredictionChart(
                        prediction,
                        chartId,
                        "No checkpoint measured yet: the counterfactual appears once attribution measures the first.");
            });
        }
        JsonNode outcome = measured.get();
        JsonNode window = outcome.path("window");
        LocalDate preFrom = LocalDate.parse(window.path("preFrom").asText());
        LocalDate preTo = LocalDate.parse(window.path("preTo").asText());
        LocalDate postFrom = LocalDate.parse(window.path("postFrom").asText());
        LocalDate postTo = LocalDate.parse(window.path("postTo").asText());
        return series(metric, preFrom, postTo)
                .flatMap(days -> {
                    if (days == null) {
                        return Uni.createFrom().item((PredictionChart) null);
                    }
                    ObjectNode request = json.createObjectNode();
                    ArrayNode response = request.putArray("response");
                    days.values().forEach(response::add);
                    request.putArray("prePeriod").add(days.indexOf(preFrom)).add(days.indexOf(preTo));
                    request.putArray("postPeriod").add(days.indexOf(postFrom)).add(days.indexOf(postTo));
                    request.put("season", 7);
                    return reads.attribution(api -> api.analyse(request)).map(analysis -> {
                        ObjectNode spec = specs.add(chartId, "impact");
                        fill(spec, metric, days, release, analysis.ok() ? analysis.data() : null, outcome);
                        boolean predictedDrawn = analysis.ok() && predicted(spec, prediction);
                        String note =
                                "Checkpoint " + outcome.path("checkpointDays").asInt() + " d: "
                                        + outcome.path("verdict").asText()
                                        + (Diagnostics.earlyRead(outcome)
                                                ? " (an early read: a later checkpoint is planned, and this one was decided"
                                                        + " at a stricter level)"
                                                : "")
                                        + "."
                                        + (analysis.ok()
                                                ? " The band is the model's counterfactual (what the metric would have done without"
                                                        + " the release) with its 95 % interval."
                                                        + (predictedDrawn
                                                                ? " The dashed orange line is the counterfactual moved by"
                                                                        + " the predicted change ("
                                                                        + Formats.predictedText(prediction)
                                                                        + "), its band the predicted range."
                                                                : "")
                                                : " The counterfactual could not be drawn: " + analysis.error() + ".");
                        return new PredictionChart(prediction, chartId, note);
                    });
                })
                .map(chart ->
                        chart != null ? chart : new PredictionChart(prediction, chartId, "metrics is unavailable."));
    }

    /** The daily series, or null when metrics cannot be read. */
    private Uni<Days> series(String metric, LocalDate first, LocalDate last) {
        return reads.series(metric, first.toString(), last.plusDays(1).toString())
                .map(panel -> panel.ok() ? Days.of(panel.data(), first, last) : null);
    }

    private static void fill(
            ObjectNode spec, String metric, Days days, JsonNode release, JsonNode analysis, JsonNode outcome) {
        spec.put("metric", metric);
        if (days == null) {
            spec.put("unavailable", "metrics is unavailable");
            return;
        }
        ArrayNode x = spec.putArray("days");
        days.days().forEach(d -> x.add(d.toString()));
        ArrayNode actual = spec.putArray("actual");
        days.values().forEach(actual::add);
        if (release != null) {
            spec.put(
                    "releaseDay",
                    Days.dayOf(release.path("deployedAt").asText()).toString());
            spec.put(
                    "releaseLabel",
                    release.path("service").asText() + " "
                            + release.path("version").asText());
        }
        if (analysis != null && outcome != null) {
            ArrayNode predicted = spec.putArray("counterfactual");
            ArrayNode lower = spec.putArray("lower");
            ArrayNode upper = spec.putArray("upper");
            for (int i = 0; i < days.days().size(); i++) {
                predicted.addNull();
                lower.addNull();
                upper.addNull();
            }
            for (JsonNode point : analysis.path("pointwise")) {
                int i = point.path("index").asInt();
                if ("post".equals(point.path("period").asText())
                        && i < days.days().size()) {
                    predicted.set(i, point.path("predicted"));
                    lower.set(i, point.path("lower"));
                    upper.set(i, point.path("upper"));
                }
            }
            spec.put("verdict", outcome.path("verdict").asText());
            spec.put("checkpointDays", outcome.path("checkpointDays").asInt());
            spec.put("earlyRead", Diagnostics.earlyRead(outcome));
        }
    }

    /**
     * What the prediction said, drawn on the measured days: the counterfactual moved by the predicted change
     * ({@code predicted}) and by the ends of the predicted range ({@code predictedLow}, {@code predictedHigh}), so the
     * reader sees the predicted effect beside the measured one. A guardrail, or a prediction without a change, adds
     * nothing.
     */
    static boolean predicted(ObjectNode spec, JsonNode prediction) {
        if (prediction.path("guardrail").asBoolean(false)
                || !prediction.hasNonNull("expectedChangePct")
                || !spec.has("counterfactual")) {
            return false;
        }
        int sign = Direction.sign(prediction);
        double expected = sign * Math.abs(prediction.path("expectedChangePct").asDouble()) / 100;
        boolean range = prediction.hasNonNull("lowPct") && prediction.hasNonNull("highPct");
        double a = range ? sign * Math.abs(prediction.path("lowPct").asDouble()) / 100 : expected;
        double b = range ? sign * Math.abs(prediction.path("highPct").asDouble()) / 100 : expected;
        ArrayNode line = spec.putArray("predicted");
        ArrayNode low = spec.putArray("predictedLow");
        ArrayNode high = spec.putArray("predictedHigh");
        for (JsonNode base : spec.path("counterfactual")) {
            if (base.isNumber()) {
                double value = base.asDouble();
                line.add(value * (1 + expected));
                low.add(value * (1 + Math.min(a, b)));
                high.add(value * (1 + Math.max(a, b)));
            } else {
                line.addNull();
                low.addNull();
                high.addNull();
            }
        }
        return true;
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
