package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.AccessMatrix;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class AccessControlTest {

    private static final String RELEASE =
            """
            {"service": "search", "version": "7.1.0", "environment": "production", "deployedAt": "2026-11-20T10:15:00Z"}
            """;

    @Test
    void everyEndpointAnswersEachCallerExactlyAsItsScopeAllows() throws Exception {
        String release = caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(RELEASE)
                .post("/api/releases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Features.create("access-draft", "platform");
        Features.createCommitted("access-committed", "platform");
        AtomicInteger created = new AtomicInteger();

        new AccessMatrix()
                .post("/api/releases", Scopes.RELEASES_WRITE, () -> "/api/releases", () -> RELEASE)
                .post(
                        "/api/releases/import",
                        Scopes.RELEASES_WRITE,
                        () -> "/api/releases/import",
                        "text/csv",
                        () -> "service,version,environment,deployedAt\nsearch,7.0.0,production,2026-11-13T10:15:00Z\n")
                .get("/api/releases/{id}", Scopes.READ, () -> "/api/releases/" + release)
                .get("/api/releases", Scopes.READ, () -> "/api/releases?unlinked=true")
                .post(
                        "/api/features",
                        Scopes.FEATURES_WRITE,
                        () -> "/api/features",
                        () -> Features.draft("access-" + created.incrementAndGet(), "platform"))
                .get("/api/features", Scopes.READ, () -> "/api/features?team=platform")
                .get("/api/features/{key}", Scopes.READ, () -> "/api/features/access-draft")
                .put(
                        "/api/features/{key}",
                        Scopes.FEATURES_WRITE,
                        () -> "/api/features/access-draft",
                        () -> Features.draft("access-draft", "platform"))
                .post(
                        "/api/features/{key}/commit",
                        Scopes.FEATURES_WRITE,
                        () -> {
                            String key = "access-commit-" + created.incrementAndGet();
                            Features.create(key, "platform");
                            return "/api/features/" + key + "/commit";
                        },
                        null)
                .post(
                        "/api/features/{key}/amendments",
                        Scopes.FEATURES_WRITE,
                        () -> "/api/features/access-committed/amendments",
                        () -> Features.amendment("access matrix", 2))
                .put(
                        "/api/features/{key}/tracker",
                        Scopes.FEATURES_WRITE,
                        () -> "/api/features/access-draft/tracker",
                        () -> "{\"key\": \"ACCESS-" + created.incrementAndGet() + "\"}")
                .delete(
                        "/api/features/{key}/tracker",
                        Scopes.FEATURES_WRITE,
                        () -> "/api/features/access-draft/tracker")
                .post(
                        "/api/features/{key}/retire",
                        Scopes.FEATURES_WRITE,
                        () -> "/api/features/access-draft/retire",
                        null)
                .ownScheme("POST", "/webhooks/github")
                .ownScheme("POST", "/webhooks/gitlab")
                .post(
                        "/webhooks/cdevents",
                        Scopes.RELEASES_WRITE,
                        () -> "/webhooks/cdevents",
                        () ->
                                """
                                {"context": {"specversion": "0.5.0", "id": "%s", "source": "/access-matrix",
                                             "type": "dev.cdevents.service.deployed.0.3.0",
                                             "timestamp": "2026-11-20T10:15:00Z"},
                                 "subject": {"id": "access-cdevents", "type": "service",
                                             "content": {"environment": {"id": "staging"},
                                                         "artifactId": "pkg:generic/access-cdevents@1.0.0"}}}
                                """
                                        .formatted(java.util.UUID.randomUUID()))
                .assertCoversEveryOperation()
                .assertEnforced()
                .assertNoTokenLogged(Path.of("target/service-test.log"));
    }

    @Test
    void refusesARevokedTokenAndLeavesProbesOpen() {
        given().auth()
                .oauth2(TestTokens.withId("revoked-token-1", Scopes.READ))
                .get("/api/features/anything")
                .then()
                .statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
