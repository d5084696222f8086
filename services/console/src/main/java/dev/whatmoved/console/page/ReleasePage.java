package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.console.client.ItemPage;
import dev.whatmoved.console.client.Outcome;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.client.Release;
import dev.whatmoved.console.client.ReleaseOutcomes;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /releases} and {@code /releases/{id}}: what was deployed, and what its metrics did next. */
@Path("/releases")
public class ReleasePage {

    static final int PAGE_SIZE = 50;

    private final Reads reads;
    private final ObjectMapper json;
    private final Template releases;
    private final Template release;
    private final FirstRun firstRun;

    public ReleasePage(
            Reads reads,
            ObjectMapper json,
            @Location("releases.html") Template releases,
            @Location("release.html") Template release,
            FirstRun firstRun) {
        this.reads = reads;
        this.json = json;
        this.releases = releases;
        this.release = release;
        this.firstRun = firstRun;
    }

    /**
     * @param list the read of the releases (its error, if any, is the page's)
     * @param rows the releases shown, each with its verdicts
     * @param total how many releases match
     * @param newer the page of newer releases, or -1
     * @param older the page of older releases, or -1
     * @param filter the filters as a query string to append to the pager's links ({@code &team=...}), or empty
     * @param capped more releases than the console reads at once matched; the rows are of the newest
     * @param down why some verdicts are missing
     */
    @TemplateData
    public record ListPage(
            Panel<ItemPage<Release>> list,
            List<ReleaseRow> rows,
            long total,
            int newer,
            int older,
            String team,
            String verdict,
            String period,
            String filter,
            boolean capped,
            List<String> down,
            List<String> verdicts) {

        public boolean filtered() {
            return team != null || verdict != null || period != null;
        }

        /** features holds no release at all (not: none matches the filters). */
        public boolean none() {
            return list.ok() && !filtered() && total == 0;
        }

        /** "126 releases", "1 release". */
        public String count() {
            return total + (total == 1 ? " release" : " releases");
        }
    }

    /** A release and the verdicts of its latest outcomes (none for a release linked to no feature). */
    @TemplateData
    public record ReleaseRow(Release release, List<String> verdicts) {}

    /**
     * @param outcomes per metric, its outcomes by checkpoint
     * @param overlapping the other releases attribution found inside this release's windows
     */
    @TemplateData
    public record Page(
            String id,
            Panel<Release> release,
            Panel<ReleaseOutcomes> outcomes,
            Map<String, List<Outcome>> byMetric,
            List<Outcome.Confounder> overlapping,
            Charts charts) {}

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> list(
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("team") String team,
            @QueryParam("verdict") String verdict,
            @QueryParam("period") String period) {
        int number = Math.max(0, page);
        String t = blankToNull(team);
        String v = blankToNull(verdict);
        Optional<Period> p = Period.parse(period);
        if (t == null && v == null) {
            // Paged by features itself (within the period, if one is asked for).
            Uni<Panel<ItemPage<Release>>> read = p.isPresent()
                    ? reads.releasesIn(p.get().fromInstant(), p.get().toInstant(), number, PAGE_SIZE)
                    : reads.releases(number, PAGE_SIZE);
            return render(read.flatMap(list -> {
                List<Release> items = list.data().items();
                return Verdicts.of(reads, items).map(verdicts -> {
                    long total = list.data().totalOr(0);
                    return listPage(list, rows(items, verdicts), total, number, t, v, p, false, verdicts);
                });
            }));
        }
        // A team's releases (those shipping one of its features) or a verdict's: every release of the period is read
        // and filtered here, since features knows no verdicts and no release's team.
        Uni<AllPages<Release>> all = AllPages.read(n -> p.isPresent()
                ? reads.releasesIn(p.get().fromInstant(), p.get().toInstant(), n, AllPages.SIZE)
                : reads.releases(n, AllPages.SIZE));
        Uni<Optional<Set<String>>> teamFeatures = t == null
                ? Uni.createFrom().item(Optional.empty())
                : AllPages.read(n -> reads.featureList(t, null, n, AllPages.SIZE))
                        .map(features -> {
                            Set<String> keys = new HashSet<>();
                            features.items().forEach(f -> keys.add(f.key()));
                            return Optional.of(keys);
                        });
        return render(Uni.combine().all().unis(all, teamFeatures).asTuple().flatMap(both -> {
            AllPages<Release> read = both.getItem1();
            Optional<Set<String>> keys = both.getItem2();
            List<Release> ofTeam = read.items().stream()
                    .filter(r -> keys.isEmpty() || shipsAny(r, keys.get()))
                    .toList();
            Uni<Verdicts> verdicts =
                    p.isPresent() ? Verdicts.read(reads, p.get().from(), p.get().until()) : Verdicts.of(reads, ofTeam);
            return verdicts.map(known -> {
                List<ReleaseRow> matching = rows(ofTeam, known).stream()
                        .filter(row -> v == null || row.verdicts().contains(v))
                        .toList();
                int from = (int) Math.min(matching.size(), (long) number * PAGE_SIZE);
                int to = Math.min(matching.size(), from + PAGE_SIZE);
                return listPage(
                        read.read(),
                        matching.subList(from, to),
                        matching.size(),
                        number,
                        t,
                        v,
                        p,
                        read.capped(),
                        known);
            });
        }));
    }

    /** The page, with the first-run guide when features holds no release at all. */
    private Uni<TemplateInstance> render(Uni<ListPage> page) {
        return page.flatMap(list -> firstRun.when(list.none())
                .map(guide -> releases.data("page", list).data("guide", guide)));
    }

    private ListPage listPage(
            Panel<ItemPage<Release>> list,
            List<ReleaseRow> rows,
            long total,
            int number,
            String team,
            String verdict,
            Optional<Period> period,
            boolean capped,
            Verdicts verdicts) {
        StringBuilder filter = new StringBuilder();
        if (team != null) {
            filter.append("&team=").append(URLEncoder.encode(team, StandardCharsets.UTF_8));
        }
        if (verdict != null) {
            filter.append("&verdict=").append(URLEncoder.encode(verdict, StandardCharsets.UTF_8));
        }
        period.ifPresent(p -> filter.append("&period=").append(p.name()));
        return new ListPage(
                list,
                rows,
                total,
                number - 1,
                total > (number + 1L) * PAGE_SIZE ? number + 1 : -1,
                team,
                verdict,
                period.map(Period::name).orElse(null),
                filter.toString(),
                capped,
                verdicts.down(),
                Verdicts.ALL);
    }

    private static List<ReleaseRow> rows(List<Release> releases, Verdicts verdicts) {
        List<ReleaseRow> rows = new ArrayList<>();
        releases.forEach(r -> rows.add(new ReleaseRow(r, verdicts.of(r.id()))));
        return rows;
    }

    private static boolean shipsAny(Release release, Set<String> features) {
        for (String f : release.features()) {
            if (features.contains(f)) {
                return true;
            }
        }
        return false;
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Uni<RestResponse<TemplateInstance>> get(@PathParam("id") String id) {
        return Uni.combine()
                .all()
                .unis(reads.release(id), reads.releaseOutcomes(id))
                .asTuple()
                .map(both -> Answers.page(both.getItem1(), page(id, both.getItem1(), both.getItem2())));
    }

    private TemplateInstance page(String id, Panel<Release> releaseRead, Panel<ReleaseOutcomes> outcomes) {
        Map<String, List<Outcome>> byMetric = new TreeMap<>();
        Map<String, Outcome.Confounder> overlapping = new LinkedHashMap<>();
        for (Outcome o : outcomes.data().outcomes()) {
            byMetric.computeIfAbsent(Text.orEmpty(o.metric()), m -> new ArrayList<>())
                    .add(o);
            o.confounders().forEach(c -> overlapping.putIfAbsent(Text.orEmpty(c.releaseId()), c));
        }
        byMetric.values()
                .forEach(list -> list.sort(
                        Comparator.comparingInt(Outcome::days).thenComparing(o -> Text.orEmpty(o.featureKey()))));

        Charts charts = new Charts(json);
        int n = 0;
        for (Map.Entry<String, List<Outcome>> metric : byMetric.entrySet()) {
            List<Outcome> measured = metric.getValue().stream()
                    .filter(o -> o.relEffect() != null)
                    .toList();
            n++;
            ObjectNode spec = charts.add("chart-release-" + n, "checkpoints");
            spec.put("metric", metric.getKey());
            ArrayNode points = spec.putArray("points");
            for (Outcome o : measured) {
                ObjectNode p = points.addObject();
                p.put("checkpointDays", o.days());
                p.put("featureKey", Text.orEmpty(o.featureKey()));
                p.put("verdict", Text.orEmpty(o.verdict()));
                p.put("effect", o.relEffect());
                p.put("lower", o.relEffectLower());
                p.put("upper", o.relEffectUpper());
            }
        }
        return release.data(
                "page", new Page(id, releaseRead, outcomes, byMetric, List.copyOf(overlapping.values()), charts));
    }
}
