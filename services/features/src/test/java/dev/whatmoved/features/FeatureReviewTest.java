package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The prediction review in the feature answers, from attribution (a stub here) and without it. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
@WithTestResource(StubAttribution.class)
class FeatureReviewTest {

    private static String draft(String key, String secondMetric) {
        return """
                {"key": "%s", "title": "One-click checkout", "team": "payments", "owner": "alice",
                 "predictions": [
                   {"metric": "checkout.conversions", "direction": "up", "expectedChangePct": 3, "confidence": 0.7},
                   {"metric": "%s", "direction": "up", "expectedChangePct": 1, "confidence": 0.6}]}
                """
                .formatted(key, secondMetric);
    }

    @Test
    void aDraftShowsWhatEachMetricCanDetectAndCommittingWarnsOfWhatNoCheckpointCan() {
        String token = TestTokens.withScopes(Scopes.FEATURES_WRITE);
        RestAssured.given()
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(draft("review-one-click", "checkout.revenue"))
                .post("/api/features")
                .then()
                .statusCode(201)
                .body("predictions[0].review.available", equalTo(true))
                .body("predictions[0].review.method", equalTo("state-space"))
                .body("predictions[0].review.checkpoints.days", contains(1, 7, 14, 30, 60, 90))
                .body("predictions[0].review.checkpoints.mdePct", contains(8f, 4f, 3.5f, 2f, 1.5f, 1.2f))
                .body("predictions[0].review.firstDetectableDay", equalTo(30))
                .body(
                        "predictions[0].review.summary",
                        equalTo("your +3 % on checkout.conversions cannot be told from noise before day 30"))
                .body("predictions[1].review.firstDetectableDay", nullValue())
                .body("history[0].review", nullValue());
        // attribution was asked with the caller's own token
        assertThat(StubAttribution.lastAuthorization).isEqualTo("Bearer " + token);

        caller(Scopes.FEATURES_WRITE)
                .post("/api/features/review-one-click/commit")
                .then()
                .statusCode(200)
                .body("status", equalTo("committed"))
                .body(
                        "warnings",
                        contains("prediction 2: your +1 % on checkout.revenue cannot be told from noise at any"
                                + " checkpoint up to day 90"))
                .body("predictions[1].review.checkpoints[5].detectable", equalTo(false));

        // the review is read again with the feature until it ships
        caller(Scopes.READ)
                .get("/api/features/review-one-click")
                .then()
                .statusCode(200)
                .body("predictions[0].review.firstDetectableDay", equalTo(30));
    }

    @Test
    void whenAttributionCannotAnswerTheFeatureIsStillCommittedAndTheAnswerSaysWhy() {
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(draft("review-broken", "broken.metric"))
                .post("/api/features")
                .then()
                .statusCode(201)
                .body("predictions[0].review.available", equalTo(false))
                .body("predictions[0].review.reason", startsWith("attribution answered 503 at http://127.0.0.1:"))
                .body("predictions[0].review.checkpoints", empty());
        caller(Scopes.FEATURES_WRITE)
                .post("/api/features/review-broken/commit")
                .then()
                .statusCode(200)
                .body("status", equalTo("committed"))
                .body(
                        "warnings",
                        contains(startsWith("the predictions could not be reviewed: attribution answered 503")));
    }
}
