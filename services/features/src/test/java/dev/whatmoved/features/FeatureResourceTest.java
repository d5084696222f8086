package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

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
    void commitsAFeatureOnceAndPublishesFeatureCommitted() {
        String body =
                """
                {"key": "checkout-one-click", "metric": "checkout.conversion"}
                """;
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/features")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/features/checkout-one-click"))
                .body("metric", equalTo("checkout.conversion"));

        var event = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(), EventType.FEATURE_COMMITTED, e -> "checkout-one-click"
                        .equals(e.key()));
        assertThat(event.data().path("predictions").get(0).path("metric").asText())
                .isEqualTo("checkout.conversion");

        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/features")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("frozen"));
        caller(Scopes.READ)
                .get("/api/features/checkout-one-click")
                .then()
                .statusCode(200)
                .body("metric", equalTo("checkout.conversion"));
    }

    @Test
    void rejectsAKeyThatIsNotASlug() {
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"key": "Checkout One Click", "metric": "signups"}
                        """)
                .post("/api/features")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("key"))
                .body("errors[0].message", containsString("slug"));
    }
}
