package dev.whatmoved.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * What anyone can put into a service's public {@code /q/metrics}: requests without a token (or with a broken one) and
 * requests for paths no route has must not add their raw paths as {@code uri} labels, or anyone could add series at
 * will and read what others asked for.
 */
public final class PublicMetrics {

    /** Made-up paths, each with a marker that must not show up in {@code /q/metrics}. */
    public static final List<String> UNKNOWN_PATHS = List.of(
            "/api/features/some-random-abc123",
            "/nope/xyz987",
            "/api/releases/rel-qwe456/outcomes",
            "/api/metrics/met-zxc321");

    private static final List<String> MARKERS = List.of("some-random-abc123", "xyz987", "rel-qwe456", "met-zxc321");

    private PublicMetrics() {}

    /**
     * Sends each of {@link #UNKNOWN_PATHS} without a token and with a malformed one, then reads {@code /q/metrics}
     * (without a token, as a scraper does) and asserts that the requests were counted and that no marker is there.
     */
    public static void assertRawPathsStayOutOfTheLabels() {
        for (String path : UNKNOWN_PATHS) {
            given().get(path);
            given().header("Authorization", "Bearer not-a-jwt").get(path);
            given().contentType("application/json").body("{}").post(path);
        }
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).as("HTTP server requests are measured").contains("http_server_requests_seconds_count");
        for (String marker : MARKERS) {
            assertThat(metrics)
                    .as("/q/metrics must not carry the raw path of an unauthenticated or unknown request")
                    .doesNotContain(marker);
        }
    }
}
