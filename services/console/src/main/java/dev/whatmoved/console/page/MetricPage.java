package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.console.client.ItemPage;
import dev.whatmoved.console.client.MetricDefinition;
import dev.whatmoved.console.client.MetricSeries;
import dev.whatmoved.console.client.Outcome;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.client.Release;
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
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /metrics} and {@code /metrics/{key}}: the series with its releases marked, and which releases moved it. */
@Path("/metrics")
public class MetricPage {

    /** Days of history shown. */
    static final int DAYS = 90;

    private final Reads reads;
    private final ObjectMapper json;
    private final Template metrics;
    private final Template metric;
    private final FirstRun firstRun;

    public MetricPage(
            Reads reads,
            ObjectMapper json,
            @Location("metrics.html") Template metrics,
            @Location("metric.html") Template metric,
            FirstRun firstRun) {
        this.reads = reads;
        this.json = json;
        this.metrics = metrics;
        this.metric = metric;
        this.firstRun = firstRun;
    }

    @TemplateData
    public record ListPage(Panel<List<MetricDefinition>> catalogue, FirstRun.Guide guide) {}

    /**
     * @param releases one row per release that touched the metric: its latest measured outcome, or its latest pending
     * @param moved the releases whose latest outcome moved the metric (either way)
     */
    @TemplateData
    public record Page(
            String key,
            Panel<MetricDefinition> definition,
            Panel<MetricSeries> series,
            Panel<List<Outcome>> attributions,
            Panel<ItemPage<Release>> releasesRead,
            AllPages<Release> releasesInWindow,
            List<ReleaseMark> releases,
            List<ReleaseMark> moved,
            Charts charts) {}

    /** A release on this metric and what attribution measured of it. */
    @TemplateData
    public record ReleaseMark(
            String releaseId,
            String service,
            String version,
            String deployedAt,
            List<String> features,
            Outcome outcome,
            boolean overlapOnly) {}

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> list() {
        return reads.catalogue().flatMap(catalogue -> {
            Uni<FirstRun.Guide> guide = catalogue.ok() && catalogue.data().isEmpty()
                    ? firstRun.guide(catalogue)
                    : Uni.createFrom().item(FirstRun.Guide.NONE);
            return guide.map(g -> metrics.data("page", new ListPage(catalogue, g)));
        });
    }

    @GET
    @Path("/{key}")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<RestResponse<TemplateInstance>> get(@PathParam("key") String key) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(DAYS);
        return Uni.combine()
                .all()
                .unis(
                        reads.metric(key),
                        reads.series(key, first.toString(), today.plusDays(1).toString()),
                        reads.attributions(key, first.toString()),
                        releasesIn(first, today))
                .asTuple()
                .map(all -> Answers.page(
                        all.getItem1(),
                        page(key, first, today, all.getItem1(), all.getItem2(), all.getItem3(), all.getItem4())));
    }

    /**
     * Every release deployed in the days shown (from the first day's start to the last day's end), read page by page:
     * the pins and rows need each one's service, version and features, however many releases the window holds.
     */
    private Uni<AllPages<Release>> releasesIn(LocalDate first, LocalDate last) {
        String from = first.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String to = last.plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .minusSeconds(1)
                .toInstant()
                .toString();
        return AllPages.read(number -> reads.releasesIn(from, to, number, AllPages.SIZE));
    }

    private TemplateInstance page(
            String key,
            LocalDate first,
            LocalDate last,
            Panel<MetricDefinition> definition,
            Panel<MetricSeries> series,
            Panel<List<Outcome>> attributions,
            AllPages<Release> releases) {
        Map<String, Release> releaseById = new LinkedHashMap<>();
        releases.items().forEach(r -> releaseById.put(r.id(), r));

        // The latest measured outcome per release (the longest checkpoint measured), else a pending one.
        Map<String, Outcome> latest = new LinkedHashMap<>();
        Map<String, Outcome.Confounder> overlapping = new LinkedHashMap<>();
        for (Outcome o : attributions.data()) {
            String id = Text.orEmpty(o.releaseId());
            Outcome seen = latest.get(id);
            if (seen == null || Verdicts.rank(o) > Verdicts.rank(seen)) {
                latest.put(id, o);
            }
            o.confounders().forEach(c -> overlapping.putIfAbsent(Text.orEmpty(c.releaseId()), c));
        }
        List<ReleaseMark> marks = new ArrayList<>();
        latest.forEach((id, o) -> marks.add(mark(id, releaseById.get(id), o, null)));
        overlapping.forEach((id, c) -> {
            if (!latest.containsKey(id)) {
                marks.add(mark(id, releaseById.get(id), null, c));
            }
        });
        marks.sort(Comparator.comparing(ReleaseMark::deployedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        List<ReleaseMark> moved = marks.stream()
                .filter(m -> m.outcome() != null
                        && Text.orEmpty(m.outcome().verdict()).startsWith("moved"))
                .toList();

        Charts charts = new Charts(json);
        if (series.ok()) {
            Days days = Days.of(series.data(), first, last);
            ObjectNode spec = charts.add("chart-metric", "metric");
            spec.put("metric", key);
            spec.put(
                    "unit",
                    definition.data().unit() == null ? "" : definition.data().unit());
            ArrayNode x = spec.putArray("days");
            days.days().forEach(d -> x.add(d.toString()));
            ArrayNode values = spec.putArray("values");
            days.values().forEach(values::add);
            ArrayNode markers = spec.putArray("releases");
            for (ReleaseMark m : marks) {
                if (m.deployedAt() == null) {
                    continue;
                }
                LocalDate day = Days.dayOf(m.deployedAt());
                int index = days.indexOf(day);
                if (index < 0) {
                    continue;
                }
                ObjectNode marker = markers.addObject();
                marker.put("day", day.toString());
                marker.put("value", days.values().get(index));
                marker.put("releaseId", m.releaseId());
                marker.put("service", m.service());
                marker.put("version", m.version());
                marker.put("features", String.join(", ", m.features()));
                if (m.outcome() != null && m.outcome().relEffect() != null) {
                    marker.put("effect", m.outcome().relEffect());
                    marker.put("checkpointDays", m.outcome().days());
                }
                marker.put(
                        "verdict",
                        m.outcome() == null
                                ? "overlapping"
                                : Text.orEmpty(m.outcome().verdict()));
                marker.put("earlyRead", Diagnostics.earlyRead(m.outcome()));
            }
        }
        return metric.data(
                "page",
                new Page(key, definition, series, attributions, releases.read(), releases, marks, moved, charts));
    }

    private static ReleaseMark mark(String id, Release release, Outcome outcome, Outcome.Confounder confounder) {
        List<String> features = new ArrayList<>();
        String service = null;
        String version = null;
        String deployedAt = null;
        if (release != null) {
            features.addAll(release.features());
            service = release.service();
            version = release.version();
            deployedAt = release.deployedAt();
        } else if (confounder != null) {
            features.addAll(confounder.features());
            service = confounder.service();
            version = confounder.version();
            deployedAt = confounder.deployedAt();
        }
        if (features.isEmpty() && outcome != null && outcome.featureKey() != null) {
            features.add(outcome.featureKey());
        }
        return new ReleaseMark(id, service, version, deployedAt, features, outcome, outcome == null);
    }
}
