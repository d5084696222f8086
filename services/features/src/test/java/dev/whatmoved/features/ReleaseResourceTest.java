package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class ReleaseResourceTest {

    @Test
    void storesAReleaseAndPublishesReleaseDeployedThroughTheOutbox() {
        var response = caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "checkout", "version": "2026.11.3", "environment": "production",
                         "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
                         "deployedAt": "2026-11-20T10:15:00Z", "features": ["checkout-one-click", "guest-pay"]}
                        """)
                .post("/api/releases")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/releases/"))
                .body("service", equalTo("checkout"))
                .body("source", equalTo("api"))
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/api/releases/" + id);

        caller(Scopes.READ)
                .get(response.header("Location"))
                .then()
                .statusCode(200)
                .body("version", equalTo("2026.11.3"))
                .body("deployedAt", equalTo("2026-11-20T10:15:00Z"))
                .body("features", hasItems("checkout-one-click", "guest-pay"));

        var event = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.RELEASE_DEPLOYED,
                e -> id.equals(e.subject()));
        assertThat(event.key()).isEqualTo("checkout");
        assertThat(event.source()).isEqualTo("/whatmoved/features");
        assertThat(event.data().path("releaseId").asText()).isEqualTo(id);
        assertThat(event.data().path("commit").asText()).isEqualTo("9fceb02d0ae598e95dc970b74767f19372d61af8");
        assertThat(event.data().path("features")).hasSize(2);
    }

    @Test
    void retriesWithOneIdempotencyKeyStoreOneReleaseEvenWhenTheyArriveTogether() throws Exception {
        String key = "deploy-" + UUID.randomUUID();
        String body =
                """
                {"service": "billing", "version": "12.4.0", "environment": "production",
                 "deployedAt": "2026-11-22T06:00:00Z"}
                """;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> caller(Scopes.RELEASES_WRITE)
                        .header("Idempotency-Key", key)
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post("/api/releases")));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<io.restassured.response.Response> answer : answers) {
                var response = answer.get();
                assertThat(response.statusCode()).isIn(200, 201);
                created += response.statusCode() == 201 ? 1 : 0;
                ids.add(response.path("id"));
            }
            assertThat(created).isEqualTo(1);
            assertThat(ids).hasSize(1);
            String id = ids.iterator().next();
            PublishedEvents.awaitEvent(
                    EmbeddedPlatform.get().kafkaBootstrapServers(),
                    EventType.RELEASE_DEPLOYED,
                    e -> id.equals(e.subject()));
            assertThat(PublishedEvents.allEvents(EmbeddedPlatform.get().kafkaBootstrapServers(), Topics.RELEASES))
                    .filteredOn(e -> id.equals(e.subject()))
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsReleasesNewestFirstAndTheUnlinkedOnesApart() {
        String service = "ledger-" + UUID.randomUUID().toString().substring(0, 8);
        String linked = report(service, "1.0.0", "2026-11-01T10:00:00Z", "[\"ledger-export\"]");
        String unlinked = report(service, "1.0.1", "2026-11-02T10:00:00Z", "[]");

        caller(Scopes.READ)
                .queryParam("service", service)
                .get("/api/releases")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", contains(unlinked, linked));
        caller(Scopes.READ)
                .queryParam("service", service)
                .queryParam("unlinked", true)
                .get("/api/releases")
                .then()
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(unlinked));
    }

    @Test
    void listsTheReleasesOfAWindowPageByPage() {
        String service = "window-" + UUID.randomUUID().toString().substring(0, 8);
        String before = report(service, "0.9.0", "2026-09-30T23:59:59Z", "[]");
        String first = report(service, "1.0.0", "2026-10-01T00:00:00Z", "[]");
        String second = report(service, "1.1.0", "2026-10-15T12:00:00Z", "[]");
        String last = report(service, "1.2.0", "2026-10-31T23:59:59Z", "[]");
        String after = report(service, "1.3.0", "2026-11-01T00:00:00Z", "[]");

        caller(Scopes.READ)
                .queryParam("service", service)
                .queryParam("from", "2026-10-01T00:00:00Z")
                .queryParam("to", "2026-10-31T23:59:59Z")
                .queryParam("size", 2)
                .get("/api/releases")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", contains(last, second));
        caller(Scopes.READ)
                .queryParam("service", service)
                .queryParam("from", "2026-10-01T00:00:00Z")
                .queryParam("to", "2026-10-31T23:59:59Z")
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/releases")
                .then()
                .body("items.id", contains(first));
        caller(Scopes.READ)
                .queryParam("service", service)
                .queryParam("from", "2026-10-31T23:00:00-01:00")
                .get("/api/releases")
                .then()
                .body("items.id", contains(after));
        caller(Scopes.READ)
                .queryParam("service", service)
                .queryParam("to", "2026-10-01T00:00:00Z")
                .get("/api/releases")
                .then()
                .body("items.id", contains(first, before));
    }

    @Test
    void refusesAnUnreadableOrReversedWindowNamingTheParameter() {
        for (String bad : List.of("yesterday", "2026-02-30T00:00:00Z", "-5000-01-01T00:00:00Z", "2026-10-01")) {
            caller(Scopes.READ)
                    .queryParam("from", bad)
                    .get("/api/releases")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("from"));
        }
        caller(Scopes.READ)
                .queryParam("to", "+1000000000-01-01T00:00:00Z")
                .get("/api/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("to"));
        caller(Scopes.READ)
                .queryParam("from", "2026-11-02T00:00:00Z")
                .queryParam("to", "2026-11-01T00:00:00Z")
                .get("/api/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"))
                .body("detail", containsString("must not be after to"));
    }

    @Test
    void aRollbackReportedInTheSameSecondAsTheReleaseItReplacesRollsThatOneBack() {
        String service = "ledger-" + UUID.randomUUID().toString().substring(0, 8);
        String v1 = report(service, "1.0.0", "2026-11-03T10:00:00Z", "[]");
        String v2 = report(service, "1.1.0", "2026-11-03T12:00:00Z", "[]");
        // CDEvents SDKs and many CI scripts write whole seconds: the rollback has 1.1.0's timestamp
        String back = caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "%s", "version": "1.0.0", "environment": "production",
                         "deployedAt": "2026-11-03T12:00:00Z", "rollback": true}
                        """
                                .formatted(service))
                .post("/api/releases")
                .then()
                .statusCode(201)
                .body("rollbackOf", equalTo(v2))
                .extract()
                .path("id");

        caller(Scopes.READ)
                .get("/api/releases/" + v2)
                .then()
                .body("state", equalTo("rolled-back"))
                .body("rolledBackBy", equalTo(back));
        caller(Scopes.READ).get("/api/releases/" + v1).then().body("state", equalTo("deployed"));
        // newest first: within one second, the one that arrived last
        caller(Scopes.READ)
                .queryParam("service", service)
                .get("/api/releases")
                .then()
                .body("items.id", contains(back, v2, v1));
    }

    @Test
    void aRedeployOfTheEarlierVersionInTheSameSecondRollsBackTheCurrentOne() {
        String service = "ledger-" + UUID.randomUUID().toString().substring(0, 8);
        String v1 = report(service, "1.0.0", "2026-11-04T10:00:00Z", "[]");
        String v2 = report(service, "1.1.0", "2026-11-04T12:00:00Z", "[]");
        String again = report(service, "1.0.0", "2026-11-04T12:00:00Z", "[]");

        caller(Scopes.READ).get("/api/releases/" + again).then().body("rollbackOf", equalTo(v2));
        caller(Scopes.READ)
                .get("/api/releases/" + v2)
                .then()
                .body("state", equalTo("rolled-back"))
                .body("rolledBackBy", equalTo(again));
        caller(Scopes.READ).get("/api/releases/" + v1).then().body("state", equalTo("deployed"));
    }

    private static String report(String service, String version, String deployedAt, String features) {
        return caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "%s", "version": "%s", "environment": "production", "deployedAt": "%s",
                         "features": %s}
                        """
                                .formatted(service, version, deployedAt, features))
                .post("/api/releases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void rejectsAnInvalidReleaseNamingEachFieldAndStoresNothing() {
        caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"version": "1.0", "environment": "production", "commit": "not-a-sha",
                         "deployedAt": "2026-11-20T10:15:00Z", "features": ["Not A Slug"]}
                        """)
                .post("/api/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("service", "commit", "features[0]"));
    }

    @Test
    void rejectsAnUnreadableTimestampNamingTheField() {
        caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "checkout", "version": "1.0", "environment": "production", "deployedAt": "yesterday"}
                        """)
                .post("/api/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("deployedAt"))
                .body("errors[0].message", containsString("RFC 3339 date-time"));
    }

    @Test
    void rejectsMalformedJson() {
        caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body("{\"service\": ")
                .post("/api/releases")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void answersAnUnknownReleaseWithNotFound() {
        caller(Scopes.READ)
                .get("/api/releases/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("Not found"));
    }
}
