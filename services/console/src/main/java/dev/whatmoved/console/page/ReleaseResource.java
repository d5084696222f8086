package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.view.Charts;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /releases} and {@code /releases/{id}}: what was deployed, and what its metrics did next. */
@Path("/releases")
public class ReleaseResource {

    static final int PAGE_SIZE = 50;

    private final Reads reads;
    private final ObjectMapper json;
    private final Template releases;
    private final Template release;

    public ReleaseResource(
            Reads reads,
            ObjectMapper json,
            @Location("releases.html") Template releases,
            @Location("release.html") Template release) {
        this.reads = reads;
        this.json = json;
        this.releases = releases;
        this.release = release;
    }

    /**
     * @param newer the page of newer releases, or -1
     * @param older the page of older releases, or -1
     */
    @TemplateData
    public record ListPage(Panel list, int newer, int older) {}

    /**
     * @param outcomes per metric, its outcomes by checkpoint
     * @param overlapping the other releases attribution found inside this release's windows
     */
    @TemplateData
    public record Page(
            String id,
            Panel release,
            Panel outcomes,
            Map<String, List<JsonNode>> byMetric,
            List<JsonNode> overlapping,
            Charts charts) {}

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> list(@QueryParam("page") @DefaultValue("0") int page) {
        int number = Math.max(0, page);
        return reads.features(api -> api.releases(number, PAGE_SIZE))
                .map(list -> releases.data(
                        "page",
                        new ListPage(
                                list,
                                number - 1,
                                list.data().path("total").asLong() > (number + 1L) * PAGE_SIZE ? number + 1 : -1)));
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<RestResponse<TemplateInstance>> get(@PathParam("id") String id) {
        return Uni.combine()
                .all()
                .unis(reads.features(api -> api.release(id)), reads.attribution(api -> api.releaseOutcomes(id)))
                .asTuple()
                .map(both -> Answers.page(both.getItem1(), page(id, both.getItem1(), both.getItem2())));
    }

    private TemplateInstance page(String id, Panel releaseRead, Panel outcomes) {
        Map<String, List<JsonNode>> byMetric = new TreeMap<>();
        Map<String, JsonNode> overlapping = new LinkedHashMap<>();
        for (JsonNode o : outcomes.data().path("outcomes")) {
            byMetric.computeIfAbsent(o.path("metric").asText(), m -> new ArrayList<>())
                    .add(o);
            o.path("confounders")
                    .forEach(c -> overlapping.putIfAbsent(c.path("releaseId").asText(), c));
        }
        byMetric.values()
                .forEach(list -> list.sort(Comparator.comparingInt(
                                (JsonNode o) -> o.path("checkpointDays").asInt())
                        .thenComparing(o -> o.path("featureKey").asText())));

        Charts charts = new Charts(json);
        int n = 0;
        for (Map.Entry<String, List<JsonNode>> metric : byMetric.entrySet()) {
            List<JsonNode> measured = metric.getValue().stream()
                    .filter(o -> o.hasNonNull("relEffect"))
                    .toList();
            n++;
            ObjectNode spec = charts.add("chart-release-" + n, "checkpoints");
            spec.put("metric", metric.getKey());
            ArrayNode points = spec.putArray("points");
            for (JsonNode o : measured) {
                ObjectNode p = points.addObject();
                p.put("checkpointDays", o.path("checkpointDays").asInt());
                p.put("featureKey", o.path("featureKey").asText());
                p.put("verdict", o.path("verdict").asText());
                p.set("effect", o.path("relEffect"));
                p.set("lower", o.path("relEffectLower"));
                p.set("upper", o.path("relEffectUpper"));
            }
        }
        return release.data(
                "page", new Page(id, releaseRead, outcomes, byMetric, List.copyOf(overlapping.values()), charts));
    }
}
