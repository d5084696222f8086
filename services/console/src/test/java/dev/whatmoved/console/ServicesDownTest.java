package dev.whatmoved.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console with every service it reads down (their URLs point at a port nothing listens on): each page still
 * answers, without a token, and says which service is unavailable instead of showing a blank page. The pages with all
 * services up are tested in the browser, on the real platform (deploy/local ConsoleBrowserIT).
 */
@QuarkusTest
@TestProfile(ServicesDownTest.NothingListens.class)
class ServicesDownTest {

    public static class NothingListens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "whatmoved.features-url", "http://127.0.0.1:1",
                    "whatmoved.metrics-url", "http://127.0.0.1:1",
                    "whatmoved.attribution-url", "http://127.0.0.1:1",
                    "kafka.bootstrap.servers", "127.0.0.1:1");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "/, attribution",
        "/, metrics",
        "/features, features",
        "/features/checkout-one-click, features",
        "/features/checkout-one-click, attribution",
        "/releases, features",
        "/releases/5b0c1f1e-8d4e-4f7e-9a53-2b1f3c4d5e6f, features",
        "/releases/5b0c1f1e-8d4e-4f7e-9a53-2b1f3c4d5e6f, attribution",
        "/metrics, metrics",
        "/metrics/checkout.conversions, metrics",
        "/metrics/checkout.conversions, attribution",
        "/calibration, attribution",
        "/calibration?team=payments, features"
    })
    void aPageSaysWhichServiceIsDownAndStillRenders(String path, String service) {
        given().when()
                .get(path)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<strong>" + service + " is unavailable</strong>: it is down or unreachable"))
                .body(containsString("<nav>"))
                .body(not(containsString("{")));
    }
}
