package dev.whatmoved.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Anyone can read /q/metrics: the raw paths of requests no route matched must not become labels there (the services'
 * own tests share {@code dev.whatmoved.testing.PublicMetrics}; the console does not depend on the test platform).
 * Same profile as {@link ServicesDownTest}, so the same application.
 */
@QuarkusTest
@TestProfile(ServicesDownTest.NothingListens.class)
class PublicMetricsTest {

    @Test
    void rawPathsOfUnknownRequestsAreNotLabels() {
        for (String path : List.of("/api/features/some-random-abc123", "/nope/xyz987", "/static/qwe456.js")) {
            given().get(path);
            given().header("Authorization", "Bearer not-a-jwt").get(path);
            given().contentType("application/json").body("{}").post(path);
        }
        given().contentType("application/json").body("{}").post("/features/rty789"); // a page that only reads
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_count");
        for (String marker : List.of("some-random-abc123", "xyz987", "qwe456", "rty789")) {
            assertThat(metrics).doesNotContain(marker);
        }
    }

    /** The Prometheus text format unless the scraper prefers OpenMetrics (as the backend services' PublicMetrics). */
    @Test
    void answersTheTextFormatUnlessOpenMetricsIsAskedFor() {
        for (String accept :
                new String[] {null, "*/*", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", "application/json"}) {
            var request = given();
            if (accept != null) {
                request = request.header("Accept", accept);
            }
            var response = request.get("/q/metrics");
            assertThat(response.statusCode()).as("Accept: %s", accept).isEqualTo(200);
            assertThat(response.contentType())
                    .as("Accept: %s", accept)
                    .startsWith("text/plain")
                    .contains("0.0.4");
            assertThat(response.asString()).doesNotContain("# EOF");
        }
        for (String accept : new String[] {
            "application/openmetrics-text;version=1.0.0",
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;"
                    + "version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
                    + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1"
        }) {
            var response = given().header("Accept", accept).get("/q/metrics");
            assertThat(response.statusCode()).as("Accept: %s", accept).isEqualTo(200);
            assertThat(response.contentType()).as("Accept: %s", accept).startsWith("application/openmetrics-text");
            assertThat(response.asString()).endsWith("# EOF\n");
        }
    }
}
