package dev.whatmoved.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A URL the console cannot serve gets a page that says why, with the right status: 400 for a malformed URL (a control
 * character in a path segment or a query parameter, a release id that is no UUID), answered at the console's door
 * without asking a service and without an error in the log; 404 when the service says the feature, release or metric
 * does not exist, and for a path the console does not have. (A service that is down keeps its 200 page with a banner:
 * {@link ServicesDownTest}.) The services are stubbed ({@link StubServices}: any path it does not know is a 404).
 */
@QuarkusTest
@WithTestResource(StubServices.class)
class BadRequestsAndMissingPagesTest {

    private static final Path LOG = Path.of("target", "service-test.log");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/features/%00                | the feature key contains the control character U+0000 | /features",
                "/features/checkout%01v2      | the feature key contains the control character U+0001 | /features",
                "/metrics/%00                 | the metric key contains the control character U+0000  | /metrics",
                "/metrics/checkout%1Bconv     | the metric key contains the control character U+001B  | /metrics",
                "/releases/%00                | the release id contains the control character U+0000  | /releases",
                "/releases/not-a-uuid         | the release id &quot;not-a-uuid&quot; is not a UUID  | /releases",
                "/calibration?team=%00        | the query parameter team contains                     | /calibration",
                "/calibration?owner=ana%0Abob | the query parameter owner contains                    | /calibration",
                "/calibration?period=%7F      | the query parameter period contains                   | /calibration",
                "/features?team=%00           | the query parameter team contains                     | /features",
                "/releases?page=two           | the query parameter page must be a page number        | /releases",
                "/nothing-here/%00            | the path contains the control character U+0000        | /"
            })
    void aMalformedUrlIsA400PageWithoutAnErrorInTheLog(String url, String what, String back) throws IOException {
        long logBefore = logSize();

        String page = given().urlEncodingEnabled(false)
                .accept("text/html,application/xhtml+xml,*/*;q=0.8")
                .when()
                .get(url)
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .extract()
                .asString();

        assertThat(page)
                .contains("<nav>") // the console's layout
                .contains("<h1>Bad request</h1>")
                .contains(what)
                .contains("<a id=\"back\" href=\"" + back + "\">");
        assertThat(newLog(logBefore))
                .doesNotContain("ERROR")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @Test
    void aClientThatAsksForJsonGetsAProblem() throws IOException {
        long logBefore = logSize();

        given().urlEncodingEnabled(false)
                .accept("application/json")
                .when()
                .get("/features/%00")
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", equalTo(400))
                .body("title", equalTo("Bad request"))
                .body("detail", containsString("the feature key"));

        assertThat(newLog(logBefore)).doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/features/checkout-v2                          | No feature checkout-v2  | /features | all features",
                "/releases/0b0b0b0b-0000-4000-8000-000000000000 | No release 0b0b0b0b    | /releases | all releases",
                "/metrics/checkout.refunds                      | No metric checkout.refunds | /metrics | the catalogue",
            })
    void somethingTheServiceDoesNotKnowIsA404PageLinkingToTheList(
            String url, String says, String list, String linkText) {
        given().accept("text/html")
                .when()
                .get(url)
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("<nav>"))
                .body(containsString(says))
                .body(containsString("<a href=\"" + list + "\">" + linkText + "</a>"))
                .body(not(containsString("is unavailable")));
    }

    @Test
    void aKnownFeatureIsStillA200() {
        given().when().get("/features/" + StubServices.FEATURE).then().statusCode(200);
        given().when().get("/releases/" + StubServices.RELEASE).then().statusCode(200);
        given().when().get("/metrics/" + StubServices.METRIC).then().statusCode(200);
    }

    @Test
    void anUnknownConsolePathIsA404Page() {
        given().accept("text/html")
                .when()
                .get("/no-such-page")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("<nav>"))
                .body(containsString("<h1>Not found</h1>"))
                .body(containsString("the console has no page at /no-such-page"))
                .body(containsString("<a id=\"back\" href=\"/\">the overview</a>"));
        // The 404 route comes last: the pages' own script and stylesheet are still served.
        String overview =
                given().when().get("/").then().statusCode(200).extract().asString();
        Matcher script = Pattern.compile("<script [^>]*src=\"([^\"]+)\"").matcher(overview);
        assertThat(script.find()).as("the layout's bundle script").isTrue();
        given().when().get(script.group(1)).then().statusCode(200);

        given().accept("application/json")
                .when()
                .get("/no-such-page")
                .then()
                .statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("status", equalTo(404));
    }

    private static long logSize() throws IOException {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    /** What the console logged since {@code from}, once its last lines are written. */
    private static String newLog(long from) throws IOException {
        try {
            Thread.sleep(200); // an error is logged after the answer is sent
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] all = Files.readAllBytes(LOG);
        return new String(
                all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
    }
}
