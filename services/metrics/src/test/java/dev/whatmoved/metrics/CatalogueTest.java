package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class CatalogueTest {

    @Test
    void registersAMetricReadsItBackAndListsIt() {
        String key = Metrics.key("checkout.conversion");
        String body = "{\"key\": \"" + key + "\", \"name\": \"Checkout conversion\", \"unit\": \"%\","
                + " \"aggregation\": \"ratio\", \"goodDirection\": \"up\", \"dimensions\": [\"country\", \"plan\"],"
                + " \"description\": \"orders / checkout visits\"}";
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/metrics")
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/metrics/" + key))
                .body("aggregation", equalTo("ratio"))
                .body("goodDirection", equalTo("up"))
                .body("dimensions", contains("country", "plan"));

        caller(Scopes.READ)
                .get("/api/metrics/" + key)
                .then()
                .statusCode(200)
                .body("name", equalTo("Checkout conversion"))
                .body("unit", equalTo("%"))
                .body("description", equalTo("orders / checkout visits"));
        caller(Scopes.READ).get("/api/metrics").then().statusCode(200).body("key", hasItem(key));

        // the same definition again is fine; another one under the key is a conflict
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/metrics")
                .then()
                .statusCode(200);
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(body.replace("\"ratio\"", "\"sum\""))
                .post("/api/metrics")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void namesEachInvalidFieldAndAnswers404ForAnUnknownKey() {
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("{\"key\": \"Bad Key\", \"aggregation\": \"median\", \"dimensions\": [\"Country\"]}")
                .post("/api/metrics")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("aggregation", "dimensions[0]", "goodDirection", "key"));
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("{\"key\": \"dup.dims\", \"aggregation\": \"sum\", \"goodDirection\": \"up\","
                        + " \"dimensions\": [\"country\", \"country\"]}")
                .post("/api/metrics")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("dimensions"));
        caller(Scopes.READ)
                .get("/api/metrics/no.such.metric")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
