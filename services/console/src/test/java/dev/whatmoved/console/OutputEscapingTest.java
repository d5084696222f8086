package dev.whatmoved.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a page reflects from its URL is escaped, and every page carries the Content-Security-Policy that only lets the
 * console's own bundle run. Stored text from the services (the other half) is tested in the browser, on the real
 * platform (deploy/local ConsoleBrowserIT). Same profile as {@link ServicesDownTest}, so the same application.
 */
@QuarkusTest
@TestProfile(ServicesDownTest.NothingListens.class)
class OutputEscapingTest {

    private static final String PAYLOAD = "<img src=x onerror=alert(1)>";
    private static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

    @ParameterizedTest
    @ValueSource(strings = {"/calibration?team=", "/calibration?owner=", "/features?team=", "/features/", "/metrics/"})
    void aPageEscapesWhatItReflectsFromItsUrl(String path) {
        given().urlEncodingEnabled(true)
                .when()
                .get(path + PAYLOAD)
                .then()
                .statusCode(200)
                .body(containsString(ESCAPED))
                .body(not(containsString(PAYLOAD)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/features", "/releases", "/metrics", "/calibration", "/live/outcomes-nothing-here"})
    void everyPageCarriesAStrictContentSecurityPolicy(String path) {
        given().when()
                .get(path)
                .then()
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", not(containsString("unsafe-eval")))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void theProbesAreLeftAlone() {
        given().when().get("/q/health/live").then().statusCode(200).header("Content-Security-Policy", nullValue());
    }
}
