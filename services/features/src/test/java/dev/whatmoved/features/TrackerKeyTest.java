package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A feature names its ticket in the team's tracker, and a release whose commit message or PR title names the ticket is
 * linked to the feature, as a release naming the feature's key is.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class TrackerKeyTest {

    @Test
    void aReleaseNamingTheTicketShipsTheFeature() {
        String ticket = ticket("SHOP");
        String key = "tracked-" + UUID.randomUUID().toString().substring(0, 8);
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.draft(key, "payments")
                        .replace(
                                "\"owner\": \"alice\",",
                                "\"owner\": \"alice\", \"tracker\": {\"key\": \"" + ticket
                                        + "\", \"url\": \"https://acme.atlassian.net/browse/" + ticket + "\"},"))
                .post("/api/features")
                .then()
                .statusCode(201)
                .body("tracker.key", equalTo(ticket))
                .body("tracker.url", equalTo("https://acme.atlassian.net/browse/" + ticket));
        caller(Scopes.FEATURES_WRITE)
                .post("/api/features/" + key + "/commit")
                .then()
                .statusCode(200);
        var committed = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.FEATURE_COMMITTED,
                e -> key.equals(e.subject()));
        assertThat(committed.data().path("tracker").path("key").asText()).isEqualTo(ticket);

        // the ticket in lower case, in a merged branch's name: linked; a word that looks like a key: nothing more
        String id = release("Merge branch '" + ticket.toLowerCase() + "-one-click' (UTF-8 safe)")
                .body("features", equalTo(List.of(key)))
                .extract()
                .path("id");
        var deployed = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.RELEASE_DEPLOYED,
                e -> id.equals(e.subject()));
        assertThat(deployed.data().path("features").get(0).asText()).isEqualTo(key);
        caller(Scopes.READ).get("/api/features/" + key).then().statusCode(200).body("status", equalTo("shipped"));

        // a ticket no feature carries links nothing
        release(ticket("NONE") + ": unrelated").body("features", empty());
    }

    @Test
    void aTicketBelongsToOneFeatureAndCanBeSetAfterCommit() {
        String ticket = ticket("ENG");
        String first = "first-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "second-" + UUID.randomUUID().toString().substring(0, 8);
        Features.createCommitted(first, "growth");
        Features.create(second, "growth");

        // a committed feature's predictions are frozen, its ticket is not
        setTracker(first, "{\"key\": \"" + ticket + "\"}")
                .statusCode(200)
                .body("tracker.key", equalTo(ticket))
                .body("tracker.url", nullValue());
        setTracker(second, "{\"key\": \"" + ticket.toLowerCase() + "\"}")
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("belongs to feature " + first));
        caller(Scopes.FEATURES_WRITE)
                .delete("/api/features/" + first + "/tracker")
                .then()
                .statusCode(200)
                .body("tracker", nullValue());
        setTracker(second, "{\"key\": \"" + ticket + "\"}").statusCode(200);

        setTracker(second, "{\"key\": \"not a ticket\", \"url\": \"javascript:alert(1)\"}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("key", "url"));
    }

    private static ValidatableResponse setTracker(String key, String body) {
        return caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/api/features/" + key + "/tracker")
                .then();
    }

    private static ValidatableResponse release(String description) {
        return caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "shop", "version": "%s", "environment": "production",
                         "deployedAt": "%s", "description": "%s"}
                        """
                                .formatted(UUID.randomUUID(), Instant.now().minusSeconds(60), description))
                .post("/api/releases")
                .then()
                .statusCode(201);
    }

    /** A ticket key no other test uses: the project and a random number. */
    private static String ticket(String project) {
        return project + "-" + (100_000 + (int) (Math.random() * 900_000_000));
    }
}
