package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.console.client.Calibration;
import dev.whatmoved.console.client.FeatureSummary;
import dev.whatmoved.console.client.ItemPage;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.view.Charts;
import dev.whatmoved.console.view.Direction;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code /calibration?team=&owner=}: how well a team or an owner predicts, as a reliability diagram, predicted against
 * measured change, and the Brier score; with every team's and owner's figures side by side.
 */
@Path("/calibration")
public class CalibrationPage {

    private final Reads reads;
    private final ObjectMapper json;
    private final Template calibration;

    public CalibrationPage(Reads reads, ObjectMapper json, @Location("calibration.html") Template calibration) {
        this.reads = reads;
        this.json = json;
        this.calibration = calibration;
    }

    /** One team's or owner's figures, for the comparison tables. */
    @TemplateData
    public record Scope(String kind, String name, Panel<Calibration> calibration) {}

    @TemplateData
    public record Page(
            String team,
            String owner,
            Panel<Calibration> selected,
            Panel<ItemPage<FeatureSummary>> featuresRead,
            List<Scope> teams,
            List<Scope> owners,
            Charts charts) {}

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> get(@QueryParam("team") String team, @QueryParam("owner") String owner) {
        String t = blankToNull(team);
        String o = blankToNull(owner);
        return Uni.combine()
                .all()
                .unis(reads.calibration(t, o), reads.featureList(null, null, 0, 100))
                .asTuple()
                .flatMap(both -> {
                    TreeSet<String> teams = new TreeSet<>();
                    TreeSet<String> owners = new TreeSet<>();
                    both.getItem2().data().items().forEach(f -> {
                        if (f.team() != null) {
                            teams.add(f.team());
                        }
                        if (f.owner() != null) {
                            owners.add(f.owner());
                        }
                    });
                    List<Uni<Scope>> scopes = new ArrayList<>();
                    teams.forEach(
                            name -> scopes.add(reads.calibration(name, null).map(c -> new Scope("team", name, c))));
                    owners.forEach(
                            name -> scopes.add(reads.calibration(null, name).map(c -> new Scope("owner", name, c))));
                    Uni<List<Scope>> all = scopes.isEmpty()
                            ? Uni.createFrom().item(List.of())
                            : Uni.join().all(scopes).andFailFast();
                    return all.map(list -> page(t, o, both.getItem1(), both.getItem2(), list));
                });
    }

    private TemplateInstance page(
            String team,
            String owner,
            Panel<Calibration> selected,
            Panel<ItemPage<FeatureSummary>> features,
            List<Scope> scopes) {
        Charts charts = new Charts(json);
        Calibration c = selected.data();
        if (selected.ok()) {
            ObjectNode reliability = charts.add("chart-reliability", "reliability");
            ArrayNode bins = reliability.putArray("bins");
            c.reliability().forEach(bin -> bins.add(json.valueToTree(bin)));
            ObjectNode trend = charts.add("chart-calibration-trend", "calibration-trend");
            ArrayNode quarters = trend.putArray("quarters");
            c.quarters().forEach(quarter -> quarters.add(json.valueToTree(quarter)));
            ObjectNode scatter = charts.add("chart-predicted-measured", "predicted-measured");
            ArrayNode points = scatter.putArray("points");
            for (Calibration.PredictionScore p : c.predictions()) {
                // One dot per scored prediction: one made or changed after ship is listed, not drawn.
                if (!p.unscored() && p.measuredChangePct() != null && p.expectedChangePct() != null) {
                    ObjectNode point = points.addObject();
                    point.put("featureKey", Text.orEmpty(p.featureKey()));
                    point.put("metric", Text.orEmpty(p.metric()));
                    point.put("predicted", signedExpected(p));
                    point.put("measured", p.measuredChangePct());
                    point.put("verdict", Text.orEmpty(p.verdict()));
                    point.put("hit", Boolean.TRUE.equals(p.hit()));
                }
            }
        }
        return calibration.data(
                "page",
                new Page(
                        team,
                        owner,
                        selected,
                        features,
                        scopes.stream().filter(s -> s.kind().equals("team")).toList(),
                        scopes.stream().filter(s -> s.kind().equals("owner")).toList(),
                        charts));
    }

    /** The predicted change with the sign of its direction: "down 3 %" is -3. */
    static double signedExpected(Calibration.PredictionScore prediction) {
        double magnitude = Math.abs(prediction.expectedChangePct());
        return Direction.sign(prediction.direction()) * magnitude;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
