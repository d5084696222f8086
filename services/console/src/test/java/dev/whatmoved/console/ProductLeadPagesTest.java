package dev.whatmoved.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages as a product lead of a busy organisation reads them ({@link BusyServices}): a metric page over thousands of
 * releases, the overview with hundreds of releases nobody linked, the predicted change beside the measured one, a
 * prediction committed after ship, and the feature and release lists filtered by team, verdict and period.
 */
@QuarkusTest
@WithTestResource(BusyServices.class)
class ProductLeadPagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theMetricPageReadsEveryReleaseOfItsWindowPageByPageAndSaysWhereItStopped() throws Exception {
        BusyServices.ASKED.clear();
        String page = page("/metrics/" + BusyServices.METRIC);

        // Every release measured on the metric has its pin with service and version: the newest 250 (past the first
        // 100) and release 1990 (on the 20th page of 100); 2040 lies past the 20 pages the console reads, so it has
        // no pin (its row stays, without service and version).
        JsonNode pins = chart(page, "chart-metric").path("releases");
        assertThat(pins).hasSize(BusyServices.MEASURED + 1);
        List<String> versions = new ArrayList<>();
        pins.forEach(pin -> versions.add(pin.path("version").asText(null)));
        assertThat(versions).contains("v0", "v99", "v100", "v249", "v1990").doesNotContain("v2040");
        assertThat(page).contains("<td>v249</td>").contains("<td>v1990</td>");
        assertThat(page)
                .contains("id=\"releases-capped\"")
                .contains(BusyServices.IN_WINDOW + " releases were deployed in these")
                .contains("the console read the newest 2000");

        // It asked for the window it shows, 100 at a time, and for no release before it.
        List<String> asked = BusyServices.ASKED.stream()
                .filter(path -> path.startsWith("/features/api/releases?"))
                .toList();
        assertThat(asked).hasSize(20).allMatch(path -> path.contains("from=") && path.contains("to="));
        assertThat(asked).allMatch(path -> path.contains("size=100"));
        assertThat(asked).anyMatch(path -> path.contains("page=19"));
    }

    @Test
    void theOverviewDrawsTheReleasesLinkedToNoFeatureOnATrackOfTheirOwn() throws Exception {
        String page = page("/");

        JsonNode teams = chart(page, "chart-outputs-outcomes");
        assertThat(teams.path("rows")).hasSize(1);
        assertThat(teams.path("rows").path(0).path("team").asText()).isEqualTo("payments");
        assertThat(teams.path("rows").path(0).path("releases").asInt()).isEqualTo(12);
        JsonNode unlinked = chart(page, "chart-unlinked-releases");
        assertThat(unlinked.path("releases").asInt()).isEqualTo(BusyServices.UNLINKED_RELEASES);
        assertThat(unlinked.path("rolledBack").asInt()).isEqualTo(7);
        assertThat(page).contains("<div class=\"chart strip\" id=\"chart-unlinked-releases\">");
    }

    @Test
    void theFeaturePageDrawsThePredictedChangeAndRangeBesideTheMeasuredOne() throws Exception {
        String page = page("/features/" + BusyServices.FEATURE);

        JsonNode impact = chart(page, "chart-prediction-1");
        // counterfactual 100 after the release; up 4 % (2 to 6): 104, band 102 to 106
        List<Double> predicted = numbers(impact.path("predicted"));
        assertThat(predicted).isNotEmpty().allMatch(v -> Math.abs(v - 104.0) < 1e-9);
        assertThat(numbers(impact.path("predictedLow"))).allMatch(v -> Math.abs(v - 102.0) < 1e-9);
        assertThat(numbers(impact.path("predictedHigh"))).allMatch(v -> Math.abs(v - 106.0) < 1e-9);
        assertThat(predicted).hasSameSizeAs(numbers(impact.path("counterfactual")));
        assertThat(page).contains("<th>predicted [range]</th>").contains("+4.0 % [+2.0 %, +6.0 %]");
        assertThat(page)
                .contains("The dashed orange line is the counterfactual moved by the predicted change"
                        + " (+4.0 % [+2.0 %, +6.0 %]), its band the predicted range.");

        String release = page("/releases/" + BusyServices.id(0));
        assertThat(release).contains("<th>predicted [range]</th>").contains("+4.0 % [+2.0 %, +6.0 %]");
    }

    @Test
    void theFeaturePageLinksToItsTicketWhenItHasOne() throws Exception {
        assertThat(page("/features/" + BusyServices.FEATURE))
                .contains("ticket <a href=\"https://acme.example/browse/SHOP-123\" rel=\"noopener\">SHOP-123</a>");
        assertThat(page("/features/" + BusyServices.OLD_FEATURE)).doesNotContain("ticket <a");
    }

    @Test
    void calibrationFlagsAPredictionCommittedAfterItsFeatureShipped() throws Exception {
        String page = page("/calibration");

        assertThat(page)
                .contains("1 committed after ship, not scored")
                .contains("class=\"committed-after-ship\"")
                .contains(">committed after ship, not scored</span>");
        assertThat(count(page, ">committed after ship, not scored</span>")).isEqualTo(1);
        // not a dot of "predicted against measured": it is not scored
        JsonNode dots = chart(page, "chart-predicted-measured").path("points");
        List<String> drawn = new ArrayList<>();
        dots.forEach(dot -> drawn.add(dot.path("featureKey").asText()));
        assertThat(drawn).containsExactly(BusyServices.FEATURE, BusyServices.OLD_FEATURE);
    }

    @Test
    void theFeatureListFiltersByTeamVerdictAndPeriodAndShowsEachVerdict() {
        String all = page("/features");
        assertThat(all).contains("<th>verdict</th>");
        assertThat(rowOf(all, BusyServices.FEATURE)).contains("moved-as-predicted");
        assertThat(rowOf(all, BusyServices.OLD_FEATURE)).contains("no-detectable-change");
        assertThat(rowOf(all, BusyServices.DRAFT)).contains("<td class=\"verdicts\">–</td>");
        assertThat(all).contains("name=\"team\"").contains("name=\"verdict\"").contains("name=\"period\"");

        assertThat(keys(page("/features?team=payments"))).containsExactly(BusyServices.FEATURE, BusyServices.DRAFT);
        assertThat(keys(page("/features?verdict=no-detectable-change"))).containsExactly(BusyServices.OLD_FEATURE);
        assertThat(keys(page("/features?period=2025-Q2")))
                .containsExactly(BusyServices.OLD_FEATURE, BusyServices.LATE_FEATURE);
        assertThat(keys(page("/features?period=2025-05&verdict=moved-as-predicted&team=growth")))
                .containsExactly(BusyServices.LATE_FEATURE);
        assertThat(page("/features?team=payments&period=2025-Q2")).contains("id=\"no-matching-features\"");
    }

    @Test
    void theReleaseListFiltersByTeamVerdictAndPeriodAndShowsEachVerdict() {
        String newest = page("/releases");
        assertThat(newest).contains("<th>verdict</th>");
        assertThat(rowOf(newest, BusyServices.id(0).substring(0, 12))).contains("moved-as-predicted");
        assertThat(rowOf(newest, BusyServices.id(1).substring(0, 12)))
                .contains("no-detectable-change")
                .contains("<em>unlinked</em>");
        // page 5 holds releases 250 to 299: past the measured ones
        assertThat(rowOf(
                        page("/releases?page=5"),
                        BusyServices.id(MEASURED_PAST + 1).substring(0, 12)))
                .contains("<td class=\"verdicts\">–</td>");

        // the team's releases are the even ones (they ship its feature); the odd ones are nobody's
        String team = page("/releases?team=payments");
        assertThat(versions(team)).hasSize(50).allMatch(v -> Integer.parseInt(v.substring(1)) % 2 == 0);
        assertThat(team).contains("href=\"/releases?page=1&amp;team=payments\"");

        String moved = page("/releases?verdict=moved-as-predicted");
        assertThat(versions(moved)).hasSize(50).allMatch(v -> Integer.parseInt(v.substring(1)) % 2 == 0);
        assertThat(moved).contains(BusyServices.MEASURED / 2 + 1 + " releases.");

        // the period before the window: only the old releases, none measured
        String before = page("/releases?period="
                + BusyServices.deployedAt(BusyServices.IN_WINDOW).toString().substring(0, 7));
        assertThat(versions(before))
                .isNotEmpty()
                .allMatch(v -> Integer.parseInt(v.substring(1)) >= BusyServices.IN_WINDOW);
        assertThat(page("/releases?verdict=inconclusive")).contains("id=\"no-matching-releases\"");
    }

    @Test
    void aPeriodOrVerdictTheListsCannotUseIsRefused() {
        for (String path : List.of(
                "/features?period=2026-Q5",
                "/features?verdict=great",
                "/releases?period=last-week",
                "/releases?verdict=moved")) {
            String page =
                    given().when().get(path).then().statusCode(400).extract().asString();
            assertThat(page).containsAnyOf("the query parameter period must be", "the query parameter verdict must be");
        }
    }

    private static final int MEASURED_PAST = BusyServices.MEASURED;

    private static String page(String path) {
        return given().when().get(path).then().statusCode(200).extract().asString();
    }

    /** The spec of one chart, from the page's script element. */
    private static JsonNode chart(String page, String id) throws Exception {
        Matcher script = Pattern.compile(
                        "<script type=\"application/json\" id=\"charts\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page);
        assertThat(script.find()).as("the page's charts").isTrue();
        for (JsonNode spec : JSON.readTree(script.group(1))) {
            if (id.equals(spec.path("id").asText())) {
                return spec;
            }
        }
        throw new AssertionError("no chart " + id);
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> {
            if (v.isNumber()) {
                values.add(v.asDouble());
            }
        });
        return values;
    }

    /** The table row that holds this text. */
    private static String rowOf(String page, String text) {
        int at = page.indexOf(text);
        assertThat(at).as(text + " on the page").isNotNegative();
        int start = page.lastIndexOf("<tr>", at);
        return page.substring(start, page.indexOf("</tr>", at));
    }

    private static List<String> keys(String page) {
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("<tr><td><a href=\"/features/([^\"]+)\">").matcher(page);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private static List<String> versions(String page) {
        List<String> versions = new ArrayList<>();
        Matcher m = Pattern.compile("</a></td><td>shop</td><td>(v[0-9]+)</td>").matcher(page);
        while (m.find()) {
            versions.add(m.group(1));
        }
        return versions;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
