package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class ReleaseImportTest {

    @Test
    void aCsvOfPastReleasesIsStoredOnceLinkedToItsFeaturesAndAnnouncedOnce() {
        String service = unique("shop");
        String feature = unique("one-click");
        Features.createCommitted(feature, "growth");
        String csv = "service,version,environment,commit,deployedAt,features\n"
                + service + ",1.0.0,production,9fceb02d0ae5,2026-03-02T10:00:00Z,\n"
                + service + ",1.1.0,production,1b6e0f3a9c2d,2026-03-09T10:00:00Z," + feature + ";guest-pay\n"
                + "\"" + service + "\",\"1.2.0\",production,,2026-03-16T10:00:00Z,\"" + feature + "\"\n";

        importing("text/csv", csv)
                .then()
                .statusCode(200)
                .body("stored", equalTo(3))
                .body("duplicates", equalTo(0));

        JsonPath listed = releases(service);
        assertThat(listed.getList("items.version")).containsExactly("1.2.0", "1.1.0", "1.0.0");
        assertThat(listed.getList("items.source")).containsOnly("api");
        assertThat(listed.getList("items[1].features")).containsExactly(feature, "guest-pay");
        assertThat(listed.getString("items[1].commit")).isEqualTo("1b6e0f3a9c2d");
        // the feature shipped with the first release that carries it, months ago
        caller(Scopes.READ)
                .get("/api/features/" + feature)
                .then()
                .statusCode(200)
                .body("status", not(equalTo("committed")))
                .body("shippedAt", equalTo("2026-03-09T10:00:00Z"));
        List<String> ids = listed.getList("items.id");
        awaitDeployedEvents(ids);

        importing("text/csv", csv)
                .then()
                .statusCode(200)
                .body("stored", equalTo(0))
                .body("duplicates", equalTo(3));

        assertThat(releases(service).getInt("total")).isEqualTo(3);
        assertThat(deployedEventsOf(service)).hasSize(3);
    }

    @Test
    void ndjsonLinesAreStoredOldestFirstSoARollbackRollsBackWhatCameBeforeIt() {
        String service = unique("ledger");
        // the file lists newest first, as a deployment log often does
        String ndjson = line(service, "1.0.0", "2026-05-03T12:00:00Z", ", \"rollback\": true")
                + line(service, "1.1.0", "2026-05-02T12:00:00Z", "")
                + line(service, "1.0.0", "2026-05-01T12:00:00Z", ", \"description\": \"First one\"");

        importing("application/x-ndjson", ndjson)
                .then()
                .statusCode(200)
                .body("stored", equalTo(3))
                .body("duplicates", equalTo(0));

        JsonPath listed = releases(service);
        assertThat(listed.getList("items.version")).containsExactly("1.0.0", "1.1.0", "1.0.0");
        assertThat(listed.getString("items[0].rollbackOf")).isEqualTo(listed.getString("items[1].id"));
        assertThat(listed.getString("items[1].state")).isEqualTo("rolled-back");
        assertThat(listed.getString("items[2].state")).isEqualTo("deployed");
        assertThat(listed.getString("items[2].description")).isEqualTo("First one");
        awaitDeployedEvents(listed.getList("items.id"));

        importing("application/x-ndjson", ndjson)
                .then()
                .statusCode(200)
                .body("stored", equalTo(0))
                .body("duplicates", equalTo(3));
        assertThat(releases(service).getInt("total")).isEqualTo(3);
        assertThat(deployedEventsOf(service)).hasSize(3);
    }

    @Test
    void aDeploymentReportedLiveBeforeIsADuplicateOfTheImportedOneAndSoIsALineGivenTwice() {
        String service = unique("billing");
        caller(Scopes.RELEASES_WRITE)
                .contentType("application/json")
                .body(
                        """
                        {"service": "%s", "version": "12.4.0", "environment": "production",
                         "deployedAt": "2026-06-01T06:00:00Z"}
                        """
                                .formatted(service))
                .post("/api/releases")
                .then()
                .statusCode(201);
        String ndjson = line(service, "12.4.0", "2026-06-01T06:00:00Z", "")
                + line(service, "12.5.0", "2026-06-08T06:00:00Z", "")
                + line(service, "12.5.0", "2026-06-08T06:00:00Z", "");

        importing("application/x-ndjson", ndjson)
                .then()
                .statusCode(200)
                .body("stored", equalTo(1))
                .body("duplicates", equalTo(2));
        assertThat(releases(service).getList("items.deliveryId"))
                .containsExactly(
                        "import:[\"" + service + "\",\"production\",\"12.5.0\",\"2026-06-08T06:00:00Z\"]", null);
    }

    @Test
    void aBadLineRefusesTheWholeFileNamingTheLineAndTheField() {
        String service = unique("search");
        String csv = "service,version,environment,deployedAt,features\n"
                + service + ",3.0.0,production,2026-07-01T09:00:00Z,\n"
                + service + ",3.1.0,production,yesterday,\n"
                + service + ",3.2.0,,2026-07-03T09:00:00Z,Not A Key\n";

        importing("text/csv", csv)
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("line 3: deployedAt"))
                .body("detail", containsString("Nothing of the file was stored"))
                .body(
                        "errors.field",
                        containsInAnyOrder("line 3: deployedAt", "line 4: environment", "line 4: features[0]"));
        assertThat(releases(service).getInt("total")).isZero();

        String ndjson = line(service, "3.0.0", "2026-07-01T09:00:00Z", "") + "{\"service\": \"" + service + "\",\n";
        importing("application/x-ndjson", ndjson)
                .then()
                .statusCode(400)
                .body("errors.field", contains("line 2"))
                .body("detail", containsString("not valid JSON"));
        assertThat(releases(service).getInt("total")).isZero();
    }

    @Test
    void aFileOverOneMebibyteImportsInOneRequestAndAgainAsDuplicates() {
        String service = unique("bulk");
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < RELEASES; i++) {
            ndjson.append(
                    """
                    {"service": "%s", "version": "1.%d.0", "environment": "production", "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8", "deployedAt": "%s", "features": ["bulk-import"], "description": "Release 1.%d.0 of the bulk service, imported from the deployment log. %s"}
                    """
                            .formatted(service, i, start.plus(Duration.ofHours(i)), i, NOTES));
        }
        byte[] body = ndjson.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(1024 * 1024);

        long began = System.nanoTime();
        importing("application/x-ndjson", ndjson.toString(), PATIENT)
                .then()
                .statusCode(200)
                .body("stored", equalTo(RELEASES));
        long firstMs = (System.nanoTime() - began) / 1_000_000;
        began = System.nanoTime();
        importing("application/x-ndjson", ndjson.toString())
                .then()
                .statusCode(200)
                .body("duplicates", equalTo(RELEASES));
        long againMs = (System.nanoTime() - began) / 1_000_000;
        System.out.printf(
                "[release import] %d releases (%d bytes): stored in %d ms, imported again (all duplicates) in %d ms%n",
                RELEASES, body.length, firstMs, againMs);
        assertThat(releases(service).getInt("total")).isEqualTo(RELEASES);
        caller(Scopes.READ)
                .queryParam("service", service)
                .queryParam("size", 1)
                .get("/api/releases")
                .then()
                .body("items[0].features", hasItem("bulk-import"));
    }

    private static String line(String service, String version, String deployedAt, String more) {
        return "{\"service\": \"%s\", \"version\": \"%s\", \"environment\": \"production\", \"deployedAt\": \"%s\"%s}\n"
                .formatted(service, version, deployedAt, more);
    }

    /**
     * Over the 1 MiB the other endpoints take, with a description of about 1 KB each (a deployment log's notes), so
     * that a thousand releases are enough: 10,000, the most per request, took 355 s on a 2-core machine shared with
     * five other test runs, too long for every build.
     */
    private static final int RELEASES = 1_000;

    /** About a kilobyte of release notes. */
    private static final String NOTES = "Fixes and small improvements. ".repeat(36);

    /** Thousands of releases take longer than the test client's default 30 s on a loaded machine. */
    private static final RestAssuredConfig PATIENT = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 600_000));

    private static Response importing(String contentType, String body) {
        return importing(contentType, body, RestAssuredConfig.config());
    }

    private static Response importing(String contentType, String body, RestAssuredConfig config) {
        return caller(Scopes.RELEASES_WRITE)
                .config(config)
                .contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/releases/import");
    }

    private static JsonPath releases(String service) {
        return caller(Scopes.READ)
                .queryParam("service", service)
                .queryParam("size", 100)
                .get("/api/releases")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void awaitDeployedEvents(List<String> ids) {
        for (String id : ids) {
            PublishedEvents.awaitEvent(
                    EmbeddedPlatform.get().kafkaBootstrapServers(),
                    EventType.RELEASE_DEPLOYED,
                    e -> id.equals(e.subject()));
        }
    }

    /**
     * The release.deployed events of the service, read once a release reported after everything else has been
     * published: the outbox relays in order, so any event of what came before it has been published by then.
     */
    private static List<PublishedEvents.Event> deployedEventsOf(String service) {
        String sentinel = caller(Scopes.RELEASES_WRITE)
                .contentType("application/json")
                .body(
                        """
                        {"service": "%s", "version": "sentinel", "environment": "staging",
                         "deployedAt": "2026-12-01T00:00:00Z"}
                        """
                                .formatted(service))
                .post("/api/releases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        awaitDeployedEvents(List.of(sentinel));
        return PublishedEvents.allEvents(EmbeddedPlatform.get().kafkaBootstrapServers(), Topics.RELEASES).stream()
                .filter(e -> e.type().equals(EventType.RELEASE_DEPLOYED.type()) && service.equals(e.key()))
                .filter(e -> !e.data().path("version").asText().equals("sentinel"))
                .toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
