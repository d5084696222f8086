package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.kit.security.Scopes;
import io.restassured.path.json.JsonPath;
import java.time.Duration;

/** The steps the pulled-metric tests share: read a source, pull it now, wait for a pull to end. */
final class PullSteps {

    private PullSteps() {}

    /** The metric's source as {@code GET /api/metrics/{key}/source} answers it. */
    static JsonPath source(String metric) {
        return caller(Scopes.READ)
                .get("/api/metrics/" + metric + "/source")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Waits until a pull after {@code before} ended (successful or not); the source as then. */
    static JsonPath awaitPulled(String metric, JsonPath before) {
        String previous = before == null ? null : before.getString("status.lastPullAt");
        JsonPath[] found = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found[0] = source(metric);
            String last = found[0].getString("status.lastPullAt");
            return last != null && !last.equals(previous);
        });
        return found[0];
    }

    /** Asks for a pull now and waits until it ended without an error; the source as then. */
    static JsonPath pullNow(String metric, JsonPath before) {
        caller(Scopes.METRICS_WRITE)
                .post("/api/metrics/" + metric + "/source/pull")
                .then()
                .statusCode(202);
        JsonPath after = awaitPulled(metric, before);
        assertThat(after.getString("status.lastError")).isNull();
        return after;
    }
}
