package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.console.client.MetricDefinition;
import dev.whatmoved.console.client.Outcome;
import dev.whatmoved.console.client.OutputsVsOutcomes;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.view.Charts;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** {@code /}: outputs against outcomes per team this quarter, the latest verdicts and guardrail breaches. */
@Path("/")
public class OverviewPage {

    /** How many of the latest outcomes the page lists. */
    static final int LATEST = 15;

    private final Reads reads;
    private final ObjectMapper json;
    private final Template overview;
    private final FirstRun firstRun;

    public OverviewPage(
            Reads reads, ObjectMapper json, @Location("overview.html") Template overview, FirstRun firstRun) {
        this.reads = reads;
        this.json = json;
        this.overview = overview;
        this.firstRun = firstRun;
    }

    @TemplateData
    public record Page(
            String quarter,
            String shownPeriod,
            Panel<OutputsVsOutcomes> outputs,
            List<OutputsVsOutcomes.Row> periodRows,
            List<OutputsVsOutcomes.Row> allRows,
            Panel<List<MetricDefinition>> catalogue,
            List<Outcome> latest,
            List<Outcome> breaches,
            List<String> down,
            Charts charts,
            FirstRun.Guide guide) {}

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> get() {
        Uni<Panel<OutputsVsOutcomes>> outputs = reads.outputsVsOutcomes("quarter");
        Uni<Panel<List<MetricDefinition>>> catalogue = reads.catalogue();
        return Uni.combine().all().unis(outputs, catalogue).asTuple().flatMap(both -> {
            Panel<List<MetricDefinition>> catalogueAnswer = both.getItem2();
            return Uni.combine()
                    .all()
                    .unis(latestOutcomes(catalogueAnswer), firstRun.guide(catalogueAnswer))
                    .asTuple()
                    .map(more -> page(both.getItem1(), catalogueAnswer, more.getItem1(), more.getItem2()));
        });
    }

    /** The latest outcome of every release on every metric of the catalogue (attribution's attributions). */
    private Uni<List<Panel<List<Outcome>>>> latestOutcomes(Panel<List<MetricDefinition>> catalogue) {
        if (!catalogue.ok() || catalogue.data().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Panel<List<Outcome>>>> calls = new ArrayList<>();
        String from = LocalDate.now(ZoneOffset.UTC).minusDays(180).toString();
        for (MetricDefinition metric : catalogue.data()) {
            calls.add(reads.attributions(metric.key(), from));
        }
        return Uni.join().all(calls).andFailFast().map(List::copyOf);
    }

    private TemplateInstance page(
            Panel<OutputsVsOutcomes> outputs,
            Panel<List<MetricDefinition>> catalogue,
            List<Panel<List<Outcome>>> attributions,
            FirstRun.Guide guide) {
        String quarter = quarter(LocalDate.now(ZoneOffset.UTC));
        List<OutputsVsOutcomes.Row> allRows = outputs.data().rows();
        String shown = allRows.stream().anyMatch(r -> quarter.equals(r.period()))
                ? quarter
                : allRows.stream()
                        .map(OutputsVsOutcomes.Row::period)
                        .filter(Objects::nonNull)
                        .max(Comparator.naturalOrder())
                        .orElse(quarter);
        List<OutputsVsOutcomes.Row> periodRows =
                allRows.stream().filter(r -> shown.equals(r.period())).toList();

        List<Outcome> measured = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (Panel<List<Outcome>> panel : attributions) {
            if (!panel.ok()) {
                String error = panel.service() + " is unavailable: " + panel.error();
                if (panel.error() != null && !down.contains(error)) {
                    down.add(error);
                }
                continue;
            }
            panel.data().forEach(o -> {
                if (o.measured()) {
                    measured.add(o);
                }
            });
        }
        measured.sort(Comparator.comparing(Outcome::measuredAt).reversed());
        List<Outcome> breaches = measured.stream().filter(Outcome::breached).toList();

        Charts charts = new Charts(json);
        // Releases that ship no feature are nobody's prediction: drawn on a track of their own, on their own scale, so
        // that hundreds of them do not flatten the teams' bars.
        List<OutputsVsOutcomes.Row> teamRows =
                periodRows.stream().filter(r -> r.team() != null).toList();
        if (!teamRows.isEmpty()) {
            ObjectNode chart = charts.add("chart-outputs-outcomes", "outputs-outcomes");
            chart.put("period", shown);
            ArrayNode rows = chart.putArray("rows");
            teamRows.forEach(r -> rows.add(json.<JsonNode>valueToTree(r)));
        }
        periodRows.stream().filter(r -> r.team() == null).findFirst().ifPresent(unlinked -> {
            ObjectNode chart = charts.add("chart-unlinked-releases", "unlinked-releases");
            chart.put("period", shown);
            chart.put("releases", orZero(unlinked.releases()));
            chart.put("rolledBack", orZero(unlinked.rolledBack()));
        });
        return overview.data(
                "page",
                new Page(
                        quarter,
                        shown,
                        outputs,
                        periodRows,
                        allRows,
                        catalogue,
                        measured.stream().limit(LATEST).toList(),
                        breaches,
                        down,
                        charts,
                        guide));
    }

    private static long orZero(Integer count) {
        return count == null ? 0 : count;
    }

    static String quarter(LocalDate day) {
        return day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
    }
}
