package dev.whatmoved.attribution;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestTokens;
import dev.whatmoved.testing.corpus.BadInputCorpus;
import dev.whatmoved.testing.corpus.DatabaseFingerprint;
import dev.whatmoved.testing.corpus.Endpoint;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint of the attribution service against the bad-input corpus (docs/development.md): each bad request
 * refused with a 4xx problem, nothing stored, the service ready and the next valid request served.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class BadInputCorpusTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyWriteEndpointRefusesEveryClassOfBadInputAndKeepsServing() throws Exception {
        try (DatabaseFingerprint stored = DatabaseFingerprint.of(
                        EmbeddedPlatform.get().jdbcUrl("attribution"))
                .count("known_event")) {
            new BadInputCorpus("attribution", base)
                    .fingerprint(stored)
                    .endpoint(
                            Endpoint.post("/api/analyses")
                                    .scope(Scopes.READ)
                                    .json(
                                            () ->
                                                    """
                                    {"response": [1, 3, 2, 5, 4, 6, 5, 7, 6, 8], "controls": [[1, 2, 2, 3, 3, 4, 4, 5, 5, 6]],
                                     "prePeriod": [0, 6], "postPeriod": [7, 9], "alpha": 0.05, "season": 2}
                                    """))
                    .endpoint(Endpoint.post("/api/reviews")
                            .scope(Scopes.READ)
                            .json(() -> "{\"predictions\": [{\"metric\": \"corpus.unseen\", \"direction\": \"up\","
                                    + " \"changePct\": 1, \"horizonDays\": 30, \"guardrail\": false}]}"))
                    .endpoint(Endpoint.post("/api/events")
                            .scope(Scopes.FEATURES_WRITE)
                            .json(BadInputCorpusTest::event)
                            // the schema marks none required; the service needs these (KnownEventService)
                            .required("/name", "/kind", "/from", "/to"))
                    .endpoint(Endpoint.post("/api/events")
                            .scope(Scopes.FEATURES_WRITE)
                            .csv(
                                    "text/csv",
                                    () -> "name,kind,from,to,metrics\ncorpus " + UUID.randomUUID()
                                            + ",holiday,2045-03-01,2045-03-02,search.clicks\n")
                            .required("name", "kind", "from", "to")
                            .limit(1 << 20)) // KnownEventResource.MAX_CSV_BYTES
                    .endpoint(Endpoint.delete("/api/events/{id}")
                            .scope(Scopes.FEATURES_WRITE)
                            .path(() -> "/api/events/" + storedEvent()))
                    .run();
        }
    }

    /** A known event on days no test's data reaches, with a name of its own. */
    private static String event() {
        return """
                {"name": "corpus %s", "kind": "campaign", "from": "2045-02-01", "to": "2045-02-03",
                 "metrics": ["search.clicks"]}
                """
                .formatted(UUID.randomUUID());
    }

    private static String storedEvent() {
        return TestTokens.caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(event())
                .post("/api/events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
