package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.view.Charts;
import dev.whatmoved.console.view.Diagnostics;
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
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /features} and {@code /features/{key}}: predictions, releases, verdicts and a chart per prediction. */
@Path("/features")
public class FeatureResource {

    /** Days of the metric shown before a release when attribution has not yet measured a window. */
    static final int DAYS_BEFORE = 28;

    private final Reads reads;
    private final ObjectMapper json;
    private final Template features;
    private final Template feature;

    public FeatureResource(
            Reads reads,
            ObjectMapper json,
            @Location("features.html") Template features,
            @Location("feature.html") Template feature) {
        this.reads = reads;
        this.json = json;
        this.features = features;
        this.feature = feature;
    }

    @TemplateData
    public record ListPage(Panel list, String team, String owner) {}

    /**
     * @param predictions current predictions, each with its chart id and note
     * @param history versions per prediction number, oldest first
     */
    @TemplateData
    public record Page(
            String key,
            Panel feature,
            Panel outcomes,
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
    public Uni<TemplateInstance> list(@QueryParam("team") String team, @QueryParam("owner") String owner) {
        return reads.features(api -> api.features(team, owner, 0, 100))
                .map(list -> features.data("page", new ListPage(list, team, owner)));
    }

    @GET
    @Path("/{key}")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<RestResponse<TemplateInstance>> get(@PathParam("key") String key) {
        Uni<Panel> featureRead = reads.features(api -> api.feature(key));
        Uni<Panel> outcomesRead = reads.attribution(api -> api.featureOutcomes(key));
        return Uni.combine().all().unis(featureRead, outcomesRead).asTuple().flatMap(both -> {
            Panel f = both.getItem1();
            Panel o = both.getItem2();
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
                                                : " The counterfactual could not be drawn: " + analysis.error() + ".");
                        return new PredictionChart(prediction, chartId, note);
                    });
                })
                .map(chart ->
                        chart != null ? chart : new PredictionChart(prediction, chartId, "metrics is unavailable."));
    }

    /** The daily series, or null when metrics cannot be read. */
    private Uni<Days> series(String metric, LocalDate first, LocalDate last) {
        return reads.metrics(api ->
                        api.series(metric, first.toString(), last.plusDays(1).toString()))
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

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
