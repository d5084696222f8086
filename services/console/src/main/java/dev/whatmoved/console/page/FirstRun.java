package dev.whatmoved.console.page;

import dev.whatmoved.console.client.ItemPage;
import dev.whatmoved.console.client.MetricDefinition;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.config.ConsoleConfig;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;

/**
 * The "Getting started" panel: while the platform has no metric, no feature or no release, the steps of
 * docs/onboarding.md in order, each done one saying so ("3 metrics registered") and each one still to do with the
 * command or curl to copy, naming the services' URLs the console is configured with.
 */
@ApplicationScoped
public class FirstRun {

    private final Reads reads;
    private final ConsoleConfig config;

    public FirstRun(Reads reads, ConsoleConfig config) {
        this.reads = reads;
        this.config = config;
    }

    /** The guide when a list page is empty for want of anything at all, else none (and nothing is read). */
    public Uni<Guide> when(boolean empty) {
        return empty ? guide() : Uni.createFrom().item(Guide.NONE);
    }

    /** The guide, reading the metric catalogue, and the first page (of one) of features and of releases. */
    public Uni<Guide> guide() {
        return reads.catalogue().flatMap(this::guide);
    }

    /** The guide with the catalogue a page read anyway. */
    public Uni<Guide> guide(Panel<List<MetricDefinition>> catalogue) {
        return Uni.combine()
                .all()
                .unis(reads.featureList(null, null, 0, 1), reads.releases(0, 1))
                .asTuple()
                .map(both -> Guide.of(
                        base(config.metricsUrl()),
                        base(config.featuresUrl()),
                        Count.of(catalogue, catalogue.data().size()),
                        Count.of(both.getItem1(), total(both.getItem1())),
                        Count.of(both.getItem2(), total(both.getItem2()))));
    }

    private static long total(Panel<? extends ItemPage<?>> page) {
        return page.data().totalOr(page.data().items().size());
    }

    private static String base(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** How many of a thing a service holds, or why it could not say. */
    public record Count(long value, String unavailable) {

        static Count of(Panel<?> panel, long value) {
            if (panel.ok()) {
                return new Count(value, null);
            }
            return new Count(
                    -1, panel.service() + " is unavailable" + (panel.error() == null ? "" : ": " + panel.error()));
        }

        boolean none() {
            return unavailable == null && value == 0;
        }

        boolean some() {
            return unavailable == null && value > 0;
        }

        String status(String one, String many, String none) {
            if (unavailable != null) {
                return "could not check: " + unavailable;
            }
            return value == 0 ? none : value + " " + (value == 1 ? one : many);
        }
    }

    /**
     * The panel.
     *
     * @param shown whether a page shows it: the metrics, features or releases are known to be none
     * @param steps the three steps, in order
     */
    @TemplateData
    public record Guide(boolean shown, List<Step> steps) {

        /** No guide: the page has what it lists. */
        public static final Guide NONE = new Guide(false, List.of());

        static Guide of(String metricsUrl, String featuresUrl, Count metrics, Count features, Count releases) {
            boolean shown = metrics.none() || features.none() || releases.none();
            return new Guide(
                    shown,
                    List.of(
                            new Step(
                                    1,
                                    "guide-metrics",
                                    "Register a metric and import its history",
                                    metrics.some(),
                                    metrics.status(
                                            "metric registered", "metrics registered", "No metric registered yet."),
                                    "docs/onboarding.md, steps 1 and 2",
                                    List.of(
                                            new Snippet(
                                                    "Register the metric (its key, how its points add up, which way is"
                                                            + " good, its dimensions):",
                                                    "EXPORTER=$(./whatmoved token --scope metrics:write --subject"
                                                            + " analytics-export --ttl 90d)\n"
                                                            + "curl -s -H \"Authorization: Bearer $EXPORTER\" -H"
                                                            + " 'Content-Type: application/json' "
                                                            + metricsUrl + "/api/metrics \\\n"
                                                            + "  -d '{\"key\": \"checkout.orders\", \"name\":"
                                                            + " \"Orders\", \"aggregation\": \"sum\", \"goodDirection\":"
                                                            + " \"up\", \"dimensions\": [\"country\"]}'"),
                                            new Snippet(
                                                    "Import its history, of any age, as CSV (timestamp,value and one"
                                                            + " column per dimension) or NDJSON; sending it again"
                                                            + " changes nothing:",
                                                    "curl -s -H \"Authorization: Bearer $EXPORTER\" --data-binary"
                                                            + " @orders.csv \\\n  "
                                                            + metricsUrl + "/api/metrics/checkout.orders/history"))),
                            new Step(
                                    2,
                                    "guide-features",
                                    "Register a feature with its prediction",
                                    features.some(),
                                    features.status(
                                            "feature registered", "features registered", "No feature registered yet."),
                                    "docs/onboarding.md, step 3",
                                    List.of(new Snippet(
                                            "Register the feature with what it should move, then commit it (that"
                                                    + " freezes its predictions):",
                                            "LEAD=$(./whatmoved token --scope features:write --subject product-lead"
                                                    + " --ttl 1d)\n"
                                                    + "curl -s -H \"Authorization: Bearer $LEAD\" -H 'Content-Type:"
                                                    + " application/json' " + featuresUrl + "/api/features -d '\n"
                                                    + "  {\"key\": \"one-click-checkout\", \"title\": \"One-click"
                                                    + " checkout\", \"team\": \"checkout\", \"owner\": \"carla\",\n"
                                                    + "   \"predictions\": [{\"metric\": \"checkout.orders\","
                                                    + " \"direction\": \"up\", \"expectedChangePct\": 4,\n"
                                                    + "                    \"range\": {\"lowPct\": 2, \"highPct\":"
                                                    + " 6}, \"confidence\": 0.75, \"horizonDays\": 90}]}'\n"
                                                    + "curl -s -X POST -H \"Authorization: Bearer $LEAD\" "
                                                    + featuresUrl + "/api/features/one-click-checkout/commit"))),
                            new Step(
                                    3,
                                    "guide-releases",
                                    "Report releases: import past ones or connect CI",
                                    releases.some(),
                                    releases.status(
                                            "release reported", "releases reported", "No release reported yet."),
                                    "docs/onboarding.md, step 4, and docs/intake.md",
                                    List.of(
                                            new Snippet(
                                                    "Import past deployments from a deploy log (CSV: service, version,"
                                                            + " environment, commit, deployedAt, features separated by"
                                                            + " ;):",
                                                    "CI=$(./whatmoved token --scope releases:write --subject"
                                                            + " release-import --ttl 1d)\n"
                                                            + "curl -s -H \"Authorization: Bearer $CI\" -H"
                                                            + " 'Content-Type: text/csv' --data-binary @releases.csv"
                                                            + " \\\n  " + featuresUrl + "/api/releases/import"),
                                            new Snippet(
                                                    "Or from a git repository's tags (one release per tag, at the tag's"
                                                            + " date):",
                                                    "./whatmoved import releases --git ../checkout --tags 'v*'"
                                                            + " --service checkout --environment production --url "
                                                            + featuresUrl),
                                            new Snippet(
                                                    "From now on, report each deployment from CI (or a GitHub, GitLab or"
                                                            + " CDEvents webhook):",
                                                    "curl -fsS -H \"Authorization: Bearer $WHATMOVED_TOKEN\" -H"
                                                            + " 'Content-Type: application/json' " + featuresUrl
                                                            + "/api/releases \\\n"
                                                            + "  -d \"{\\\"service\\\":\\\"checkout\\\",\\\"version\\\":"
                                                            + "\\\"$VERSION\\\",\\\"environment\\\":\\\"production\\\","
                                                            + "\\\"commit\\\":\\\"$GIT_SHA\\\",\\\"deployedAt\\\":"
                                                            + "\\\"$(date -u +%FT%TZ)\\\",\\\"features\\\":"
                                                            + "[\\\"one-click-checkout\\\"]}\"")))));
        }
    }

    /**
     * One step of the guide.
     *
     * @param id the element id of the step on the page
     * @param done whether the platform holds at least one of what the step makes
     * @param status what the platform holds ("3 metrics registered"), or that it could not be checked
     * @param docs where the step is explained in full
     */
    @TemplateData
    public record Step(
            int number, String id, String title, boolean done, String status, String docs, List<Snippet> snippets) {}

    /** A command to copy, and what it does. */
    @TemplateData
    public record Snippet(String label, String command) {}
}
