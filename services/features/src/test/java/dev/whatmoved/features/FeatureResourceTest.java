package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class FeatureResourceTest {

    @Test
    void withAttributionUnreachableAFeatureIsRegisteredWithoutItsReviewAndSaysWhy() {
        // %test points the review at a port nothing listens on
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.draft("review-down", "payments"))
                .post("/api/features")
                .then()
                .statusCode(201)
                .body("predictions[0].review.available", equalTo(false))
                .body("predictions[0].review.reason", equalTo("attribution is unreachable at http://127.0.0.1:9"))
                .body(
                        "warnings",
                        contains("the predictions could not be reviewed: attribution is unreachable at"
                                + " http://127.0.0.1:9"));
    }

    @Test
    void aDraftIsEditableUntilCommittedThenItsPredictionsAreFrozen() {
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.draft("one-click", "payments"))
                .post("/api/features")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/features/one-click"))
                .body("status", equalTo("draft"))
                .body("predictions.number", contains(1, 2))
                .body("predictions[1].guardrail", equalTo(true));

        String edited =
                Features.draft("one-click", "payments").replace("\"expectedChangePct\": 3", "\"expectedChangePct\": 4");
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(edited)
                .put("/api/features/one-click")
                .then()
                .statusCode(200)
                .body("predictions[0].expectedChangePct", equalTo(4.0f))
                .body("history.size()", equalTo(2));

        caller(Scopes.FEATURES_WRITE)
                .post("/api/features/one-click/commit")
                .then()
                .statusCode(200)
                .body("status", equalTo("committed"))
                .body("committedAt", notNullValue());
        var committed = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(), EventType.FEATURE_COMMITTED, e -> "one-click"
                        .equals(e.key()));
        assertThat(committed.data().path("team").asText()).isEqualTo("payments");
        assertThat(committed.data().path("predictions")).hasSize(2);
        assertThat(committed
                        .data()
                        .path("predictions")
                        .get(0)
                        .path("expectedChangePct")
                        .asDouble())
                .isEqualTo(4.0);
        assertThat(committed
                        .data()
                        .path("predictions")
                        .get(1)
                        .path("tolerancePct")
                        .asDouble())
                .isEqualTo(5.0);

        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(edited)
                .put("/api/features/one-click")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("frozen"));
        caller(Scopes.FEATURES_WRITE)
                .post("/api/features/one-click/commit")
                .then()
                .statusCode(409);
    }

    @Test
    void anAmendmentIsANewVersionAndIsFlaggedWhenMadeAfterTheFirstRelease() {
        Features.createCommitted("guest-pay", "payments");
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.amendment("baseline was measured wrong", 2))
                .post("/api/features/guest-pay/amendments")
                .then()
                .statusCode(201)
                .body("predictions[0].version", equalTo(2))
                .body("predictions[0].amendedAfterShip", equalTo(false));

        String release = Features.release("guest-pay", "checkout", "5.0.0", 2);
        caller(Scopes.READ)
                .get("/api/features/guest-pay")
                .then()
                .body("status", equalTo("shipped"))
                .body("shippedAt", notNullValue())
                .body("releases.id", hasItem(release));

        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.amendment("first week looked weak", 1))
                .post("/api/features/guest-pay/amendments")
                .then()
                .statusCode(201)
                .body("predictions[0].version", equalTo(3))
                .body("predictions[0].amendedAfterShip", equalTo(true))
                .body("predictions[0].amendmentReason", equalTo("first week looked weak"))
                .body("history.findAll { it.number == 1 }.version", contains(1, 2, 3))
                .body("history.findAll { it.number == 1 && it.version < 3 }.supersededAt", hasItem(notNullValue()));

        var amended = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.FEATURE_AMENDED,
                e -> "guest-pay".equals(e.key())
                        && e.data().path("prediction").path("version").asInt() == 3);
        assertThat(amended.data().path("amendedAfterShip").asBoolean()).isTrue();
        assertThat(amended.subject()).isEqualTo("guest-pay#1");
    }

    @Test
    void aShippedFeatureIsConcludedOnceEveryHorizonHasPassed() {
        Features.create("quick-reorder", "growth");
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.draft("quick-reorder", "growth")
                        .replace("\"horizonDays\": 30", "\"horizonDays\": 1")
                        .replace("\"tolerancePct\": 5}", "\"tolerancePct\": 5, \"horizonDays\": 2}"))
                .put("/api/features/quick-reorder")
                .then()
                .statusCode(200);
        caller(Scopes.FEATURES_WRITE)
                .post("/api/features/quick-reorder/commit")
                .then()
                .statusCode(200);
        Features.release("quick-reorder", "orders", "1.2.0", 3);

        caller(Scopes.READ).get("/api/features/quick-reorder").then().body("status", equalTo("concluded"));
        caller(Scopes.READ)
                .queryParam("status", "concluded")
                .get("/api/features")
                .then()
                .body("items.key", hasItem("quick-reorder"));
    }

    @Test
    void listsFeaturesFilteredByTeamOwnerAndStatusPageByPage() {
        Features.create("search-typo", "discovery");
        Features.create("search-synonyms", "discovery");
        Features.createCommitted("search-facets", "discovery");

        caller(Scopes.READ)
                .queryParam("team", "discovery")
                .queryParam("status", "draft")
                .get("/api/features")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.key", contains("search-synonyms", "search-typo"));
        caller(Scopes.READ)
                .queryParam("team", "discovery")
                .queryParam("owner", "alice")
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/features")
                .then()
                .body("total", equalTo(3))
                .body("items.size()", equalTo(1))
                .body("page", equalTo(1));
        caller(Scopes.READ)
                .queryParam("status", "launched")
                .get("/api/features")
                .then()
                .statusCode(400);
    }

    @Test
    void rejectsPredictionsThatCannotBeScoredNamingTheField() {
        String noChange = Features.draft("bad-one", "x").replace("\"expectedChangePct\": 3,", "");
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(noChange)
                .post("/api/features")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("predictions[0].expectedChangePct"));
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.draft("bad-two", "x").replace("\"confidence\": 0.7", "\"confidence\": 0.3"))
                .post("/api/features")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("predictions[0].confidence"));
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(Features.draft("bad-three", "x")
                        .replace("\"lowPct\": 1, \"highPct\": 6", "\"lowPct\": 6, \"highPct\": 1"))
                .post("/api/features")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("predictions[0].range"));
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body("{\"key\": \"Not A Slug\", \"title\": \"t\", \"team\": \"x\", \"owner\": \"y\"}")
                .post("/api/features")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("key"));
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body("{\"key\": \"empty-one\", \"title\": \"t\", \"team\": \"x\", \"owner\": \"y\"}")
                .post("/api/features")
                .then()
                .statusCode(201);
        caller(Scopes.FEATURES_WRITE)
                .post("/api/features/empty-one/commit")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("predictions"));
    }
}
