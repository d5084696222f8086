package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.CuttableProxy;
import dev.whatmoved.testing.DatabaseOutageTestResource;
import dev.whatmoved.testing.LogCapture;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running service: each request answers 503 problem+json with Retry-After (a client
 * can tell an outage from a bug and retry), the outage is logged once when it starts and once when it ends (not per
 * request or per outbox poll), readiness reports it, and the service serves again once the database is back.
 */
@QuarkusTest
@WithTestResource(
        value = DatabaseOutageTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features_outage"))
class DatabaseOutageTest {

    CuttableProxy database;

    @Test
    void anOutageAnswers503WithRetryAfterIsLoggedOnceAndEndsByItself() throws InterruptedException {
        Features.create("before-outage", "payments");

        List<Response> answers = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            database.cut();
            for (int i = 0; i < 20; i++) {
                answers.add(
                        switch (i % 3) {
                            case 0 -> caller(Scopes.READ).get("/api/features/before-outage");
                            case 1 ->
                                caller(Scopes.FEATURES_WRITE)
                                        .contentType(ContentType.JSON)
                                        .body(Features.draft("during-outage-" + i, "payments"))
                                        .post("/api/features");
                            default -> caller(Scopes.READ).get("/api/releases");
                        });
            }
            // the outbox relay and the health checks keep polling meanwhile
            Thread.sleep(3_000);
            Response readiness = given().get("/q/health/ready");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.asString()).contains("DOWN");

            database.restore();
            awaitReady(Duration.ofSeconds(20));
            awaitLogged(logs, "database reachable again", Duration.ofSeconds(5));

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.header("Retry-After")).isEqualTo("5");
                assertThat(answer.jsonPath().getString("type")).endsWith("/service-unavailable");
            });
            List<String> warnings = logs.atLeast(Level.WARNING);
            assertThat(warnings)
                    .as("one WARN for the outage, no ERROR, not one line per request or poll: %s", warnings)
                    .filteredOn(line -> line.contains("database unreachable"))
                    .hasSize(1);
            assertThat(warnings)
                    .as("%s", warnings)
                    .noneMatch(line -> line.startsWith("SEVERE") || line.startsWith("ERROR"));
            assertThat(warnings)
                    .as("the health checks report the outage in readiness, not as a WARN per probe: %s", warnings)
                    .noneMatch(line -> line.contains("HealthCheck") || line.contains("io.agroal"));
            assertThat(logs.at(Level.INFO)).anyMatch(line -> line.contains("database reachable again"));
        } finally {
            database.restore();
        }

        Features.create("after-outage", "payments");
        caller(Scopes.READ).get("/api/features/before-outage").then().statusCode(200);
    }

    private static void awaitReady(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        int status;
        while ((status = given().get("/q/health/ready").statusCode()) != 200
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(status)
                .as("ready again within %s of the database's return", limit)
                .isEqualTo(200);
    }

    private static void awaitLogged(LogCapture logs, String text, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (logs.at(Level.INFO).stream().noneMatch(line -> line.contains(text))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }
}
