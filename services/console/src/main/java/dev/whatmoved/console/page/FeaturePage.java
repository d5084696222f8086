package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.console.client.Analysis;
import dev.whatmoved.console.client.Calibration;
import dev.whatmoved.console.client.FeatureDetail;
import dev.whatmoved.console.client.FeatureSummary;
import dev.whatmoved.console.client.ItemPage;
import dev.whatmoved.console.client.Outcome;
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
            Panel<Calibration> calibration,
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
            Panel<FeatureDetail> feature,
            Panel<List<Outcome>> outcomes,
            List<PredictionChart> predictions,
            List<FeatureDetail.Prediction> history,
            List<Outcome> outcomeRows,
            Charts charts) {}

    /** A current prediction and what its chart shows (or why it shows less). */
    @TemplateData
    public record PredictionChart(FeatureDetail.Prediction prediction, String chartId, String note) {}

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
                .unis(AllPages.read(n -> reads.featureList(t, o, n, AllPages.SIZE)), reads.calibration(t, o))
                .asTuple()
                .map(both -> {
                    AllPages<FeatureSummary> all = both.getItem1();
                    Panel<Calibration> calibration = both.getItem2();
                    // The verdict of each prediction as calibration judged it (on the feature's first release).
                    Map<String, Set<String>> verdicts = new HashMap<>();
                    calibration.data().predictions().forEach(pr -> verdicts.computeIfAbsent(
                                    Text.orEmpty(pr.featureKey()), k -> new TreeSet<>(VERDICT_ORDER))
                            .add(pr.verdict() == null ? "pending" : pr.verdict()));
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
        Uni<Panel<FeatureDetail>> featureRead = reads.feature(key);
        Uni<Panel<List<Outcome>>> outcomesRead = reads.featureOutcomes(key);
        return Uni.combine().all().unis(featureRead, outcomesRead).asTuple().flatMap(both -> {
            Panel<FeatureDetail> f = both.getItem1();
            Panel<List<Outcome>> o = both.getItem2();
            List<FeatureDetail.Prediction> current = f.data().predictions();
            List<Uni<PredictionChart>> charts = new ArrayList<>();
            Charts specs = new Charts(json);
            for (int i = 0; i < current.size(); i++) {
                charts.add(chart(f.data(), o.data(), current.get(i), "chart-prediction-" + (i + 1), specs));
            }
            Uni<List<PredictionChart>> all = charts.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : Uni.join().all(charts).andFailFast();
            return all.map(predictionCharts -> {
                List<FeatureDetail.Prediction> history =
                        new ArrayList<>(f.data().history());
                history.sort(Comparator.comparingInt(FeatureDetail.Prediction::numberOrZero)
                        .thenComparingInt(FeatureDetail.Prediction::versionOrZero));
                List<Outcome> rows = new ArrayList<>(o.data());
                rows.sort(Comparator.comparing((Outcome r) -> Text.orEmpty(r.releaseId()))
                        .thenComparingInt(Outcome::number)
                        .thenComparingInt(Outcome::days));
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
            FeatureDetail feature,
            List<Outcome> outcomes,
            FeatureDetail.Prediction prediction,
            String chartId,
            Charts specs) {
        String metric = Text.orEmpty(prediction.metric());
        int number = prediction.numberOrZero();
        Optional<FeatureDetail.ReleaseSummary> firstRelease =
                feature.releases().stream().min(Comparator.comparing(r -> Text.orEmpty(r.deployedAt())));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (firstRelease.isEmpty()) {
            return series(metric, today.minusDays(DAYS_BEFORE), today).map(days -> {
                ObjectNode spec = specs.add(chartId, "impact");
                fill(spec, metric, days, null, null, null);
                return new PredictionChart(prediction, chartId, "Not shipped yet: the chart shows the metric so far.");
            });
        }
        FeatureDetail.ReleaseSummary release = firstRelease.get();
        String releaseId = Text.orEmpty(release.id());
        LocalDate releaseDay = Days.dayOf(release.deployedAt());
        Optional<Outcome> measured = outcomes.stream()
                .filter(o -> releaseId.equals(Text.orEmpty(o.releaseId())))
                .filter(o -> o.number() == number)
                .filter(o -> o.measured() && o.window() != null && o.window().postTo() != null)
                .max(Comparator.comparingInt(Outcome::days));
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
        Outcome outcome = measured.get();
        Outcome.Window window = outcome.window();
        LocalDate preFrom = LocalDate.parse(window.preFrom());
        LocalDate preTo = LocalDate.parse(window.preTo());
        LocalDate postFrom = LocalDate.parse(window.postFrom());
        LocalDate postTo = LocalDate.parse(window.postTo());
        return series(metric, preFrom, postTo)
                .flatMap(days -> {
                    if (days == null) {
                        return Uni.createFrom().item((PredictionChart) null);
                    }
                    Analysis.Request request = new Analysis.Request(
                            days.values(),
                            List.of(days.indexOf(preFrom), days.indexOf(preTo)),
                            List.of(days.indexOf(postFrom), days.indexOf(postTo)),
                            7);
                    return reads.analyse(request).map(analysis -> {
                        ObjectNode spec = specs.add(chartId, "impact");
                        fill(spec, metric, days, release, analysis.ok() ? analysis.data() : null, outcome);
                        boolean predictedDrawn = analysis.ok() && predicted(spec, prediction);
                        String note = "Checkpoint " + outcome.days() + " d: "
                                + Text.orEmpty(outcome.verdict())
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
            ObjectNode spec,
            String metric,
            Days days,
            FeatureDetail.ReleaseSummary release,
            Analysis analysis,
            Outcome outcome) {
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
            spec.put("releaseDay", Days.dayOf(release.deployedAt()).toString());
            spec.put("releaseLabel", Text.orEmpty(release.service()) + " " + Text.orEmpty(release.version()));
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
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            for (Analysis.Point point : analysis.pointwise()) {
                int i = point.index() == null ? 0 : point.index();
                if ("post".equals(point.period()) && i < days.days().size()) {
                    predicted.set(i, nodes.numberNode(point.predicted()));
                    lower.set(i, nodes.numberNode(point.lower()));
                    upper.set(i, nodes.numberNode(point.upper()));
                }
            }
            spec.put("verdict", Text.orEmpty(outcome.verdict()));
            spec.put("checkpointDays", outcome.days());
            spec.put("earlyRead", Diagnostics.earlyRead(outcome));
        }
    }

    /**
     * What the prediction said, drawn on the measured days: the counterfactual moved by the predicted change
     * ({@code predicted}) and by the ends of the predicted range ({@code predictedLow}, {@code predictedHigh}), so the
     * reader sees the predicted effect beside the measured one. A guardrail, or a prediction without a change, adds
     * nothing.
     */
    static boolean predicted(ObjectNode spec, FeatureDetail.Prediction prediction) {
        if (prediction.isGuardrail() || prediction.expectedChangePct() == null || !spec.has("counterfactual")) {
            return false;
        }
        int sign = Direction.sign(prediction.direction());
        double expected = sign * Math.abs(prediction.expectedChangePct()) / 100;
        boolean range = prediction.lowPct() != null && prediction.highPct() != null;
        double a = range ? sign * Math.abs(prediction.lowPct()) / 100 : expected;
        double b = range ? sign * Math.abs(prediction.highPct()) / 100 : expected;
        ArrayNode line = spec.putArray("predicted");
        ArrayNode low = spec.putArray("predictedLow");
        ArrayNode high = spec.putArray("predictedHigh");
        // The counterfactual fill() drew into this chart's own spec.
        for (JsonNode base : spec.get("counterfactual")) {
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
}
