package dev.whatmoved.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.features.intake.github.GitHubSignature;
import dev.whatmoved.features.rest.webhooks.BodyLimit;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.corpus.BadInputCorpus;
import dev.whatmoved.testing.corpus.DatabaseFingerprint;
import dev.whatmoved.testing.corpus.Endpoint;
import dev.whatmoved.testing.corpus.RawResponse;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint of the features service against the bad-input corpus (docs/development.md): each bad request
 * refused with a 4xx problem, nothing stored, the service ready and the next valid request served.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class BadInputCorpusTest {

    private static final AtomicLong N = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyWriteEndpointRefusesEveryClassOfBadInputAndKeepsServing() throws Exception {
        Features.createCommitted("corpus-committed", "corpus");
        Features.create("corpus-draft", "corpus");
        try (DatabaseFingerprint stored = DatabaseFingerprint.of(
                        EmbeddedPlatform.get().jdbcUrl("features"))
                .count("feature")
                .count("prediction")
                .count("release")) {
            new BadInputCorpus("features", base)
                    .limit(BodyLimit.MAX_BYTES)
                    .fingerprint(stored)
                    .endpoint(Endpoint.post("/api/releases")
                            .scope(Scopes.RELEASES_WRITE)
                            .json(() ->
                                    """
                                    {"service": "corpus", "version": "1.%d.0", "environment": "production",
                                     "commit": "1b6e0f3a9c2d", "deployedAt": "%s", "features": ["corpus-draft"],
                                     "description": "corpus release", "rollback": false}
                                    """
                                            .formatted(N.incrementAndGet(), Instant.now())))
                    .endpoint(Endpoint.post("/api/releases/import")
                            .scope(Scopes.RELEASES_WRITE)
                            .limit(BodyLimit.IMPORT_MAX_BYTES)
                            .csv(
                                    "text/csv",
                                    () -> "service,version,environment,deployedAt,commit,features\n"
                                            + "corpus-import,v1.%d.0,production,%s,1b6e0f3a9c2d,corpus-draft\n"
                                                    .formatted(N.incrementAndGet(), Instant.now()))
                            .required("service", "version", "environment", "deployedAt"))
                    .endpoint(Endpoint.post("/api/releases/import")
                            .scope(Scopes.RELEASES_WRITE)
                            .limit(BodyLimit.IMPORT_MAX_BYTES)
                            .ndjson(
                                    "application/x-ndjson",
                                    () ->
                                            """
                                            {"service": "corpus-import", "version": "v2.%d.0", "environment": "production", "commit": "1b6e0f3a9c2d", "deployedAt": "%s", "features": ["corpus-draft"], "description": "corpus import", "rollback": false}"""
                                                    .formatted(N.incrementAndGet(), Instant.now()))
                            .fields(
                                    "/service",
                                    "/version",
                                    "/environment",
                                    "/commit",
                                    "/deployedAt",
                                    "/features",
                                    "/description",
                                    "/rollback")
                            .required("/service", "/version", "/environment", "/deployedAt"))
                    .endpoint(Endpoint.post("/api/features")
                            .scope(Scopes.FEATURES_WRITE)
                            .json(() -> Features.draft("corpus-" + N.incrementAndGet(), "corpus")))
                    .endpoint(Endpoint.put("/api/features/{key}")
                            .scope(Scopes.FEATURES_WRITE)
                            .path(() -> "/api/features/corpus-draft")
                            .json(() -> Features.draft("corpus-draft", "corpus")))
                    .endpoint(Endpoint.post("/api/features/{key}/commit")
                            .scope(Scopes.FEATURES_WRITE)
                            .path(() -> {
                                String key = "corpus-commit-" + N.incrementAndGet();
                                Features.create(key, "corpus");
                                return "/api/features/" + key + "/commit";
                            }))
                    .endpoint(Endpoint.post("/api/features/{key}/amendments")
                            .scope(Scopes.FEATURES_WRITE)
                            .path(() -> "/api/features/corpus-committed/amendments")
                            .json(() -> Features.amendment("corpus", 2)))
                    .endpoint(Endpoint.put("/api/features/{key}/tracker")
                            .scope(Scopes.FEATURES_WRITE)
                            .path(() -> "/api/features/corpus-draft/tracker")
                            .json(() -> "{\"key\": \"CORPUS-" + N.incrementAndGet()
                                    + "\", \"url\": \"https://tracker.example/browse/CORPUS\"}"))
                    .endpoint(Endpoint.delete("/api/features/{key}/tracker")
                            .scope(Scopes.FEATURES_WRITE)
                            .path(() -> "/api/features/corpus-draft/tracker"))
                    .endpoint(Endpoint.post("/api/features/{key}/retire")
                            .scope(Scopes.FEATURES_WRITE)
                            .path(() -> {
                                String key = "corpus-retire-" + N.incrementAndGet();
                                Features.create(key, "corpus");
                                return "/api/features/" + key + "/retire";
                            }))
                    .endpoint(Endpoint.post("/webhooks/github")
                            .json(BadInputCorpusTest::gitHubDelivery)
                            .header("X-GitHub-Event", () -> "deployment_status")
                            .header("X-GitHub-Delivery", () -> UUID.randomUUID().toString())
                            .signedBy(request -> request.withHeader(
                                    GitHubSignature.HEADER,
                                    GitHubSignature.header(GitHubWebhookTest.SECRET, request.body())))
                            // a webhook body has no schema: the fields the intake reads (GitHubDeliveries)
                            .fields(
                                    "/deployment_status/state",
                                    "/deployment_status/created_at",
                                    "/deployment/sha",
                                    "/repository/name")
                            // used when they are strings, else the version and environment come from elsewhere
                            .optional("/deployment_status/environment", "/deployment/ref")
                            .required(
                                    "/deployment_status/state",
                                    "/deployment_status/created_at",
                                    "/deployment/sha",
                                    "/repository/name")
                            .refusal(IGNORED, BadInputCorpusTest::ignored))
                    .endpoint(Endpoint.post("/webhooks/gitlab")
                            .json(BadInputCorpusTest::gitLabDeployment)
                            .header("X-Gitlab-Event", () -> "Deployment Hook")
                            .header("X-Gitlab-Token", () -> "glwht-test-7d1f0c5e9a")
                            .header("X-Gitlab-Instance", () -> "https://gitlab.acme.example")
                            .header("X-Gitlab-Event-UUID", () -> UUID.randomUUID()
                                    .toString())
                            .fields("/status", "/status_changed_at", "/environment")
                            // used when usable, else the service, version and dedupe key come from elsewhere
                            .optional("/deployment_id", "/project/path_with_namespace", "/ref", "/short_sha")
                            // deployment_id is optional: without it the event UUID dedupes (GitLabDeliveries)
                            .required("/status", "/status_changed_at", "/environment")
                            .refusal(IGNORED, BadInputCorpusTest::ignored))
                    .endpoint(Endpoint.post("/webhooks/cdevents")
                            .scope(Scopes.RELEASES_WRITE)
                            .json(BadInputCorpusTest::cdEvent)
                            .fields(
                                    "/context/id",
                                    "/context/type",
                                    "/context/timestamp",
                                    "/subject/id",
                                    "/subject/content/environment/id",
                                    "/subject/content/artifactId",
                                    "/customData/version")
                            .required(
                                    "/context/id",
                                    "/context/type",
                                    "/context/timestamp",
                                    "/subject/id",
                                    "/subject/content/environment/id"))
                    .run();
        }
    }

    private static final String IGNORED =
            "a delivery that is not a successful deployment is acknowledged and ignored by design (docs/intake.md)";

    /** The webhooks' answer to a delivery they ignore: 200 {"status": "ignored"}, nothing stored. */
    private static boolean ignored(RawResponse response) {
        return response.status() == 200 && response.text().contains("\"status\":\"ignored\"");
    }

    /** GitHub's real payload, as a new deployment status (its own id and time). */
    private static String gitHubDelivery() {
        byte[] body = Payloads.edited("github/deployment_status-success-actions.json", payload -> {
            ((ObjectNode) payload.path("deployment_status"))
                    .put("id", N.incrementAndGet())
                    .put("created_at", Instant.now().toString());
            ((ObjectNode) payload.path("repository")).put("name", "corpus-storefront");
        });
        return new String(body, StandardCharsets.UTF_8);
    }

    /** GitLab's real payload, as a new deployment of a project of the corpus's own. */
    private static String gitLabDeployment() {
        long id = N.incrementAndGet();
        byte[] body = Payloads.edited("gitlab/deployment-success.json", payload -> {
            payload.put("deployment_id", id).put("deployable_id", id + 850000);
            ((ObjectNode) payload.path("project"))
                    .put("name", "corpus-payments")
                    .put("path_with_namespace", "acme-shop/corpus-payments");
        });
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A CDEvent as CD systems post it, with a new context id. */
    private static String cdEvent() {
        return """
                {"context": {"specversion": "0.5.0", "id": "%s", "source": "/corpus",
                             "type": "dev.cdevents.service.deployed.0.3.0", "timestamp": "%s"},
                 "subject": {"id": "corpus-cdevents", "type": "service",
                             "content": {"environment": {"id": "staging"},
                                         "artifactId": "pkg:generic/corpus-cdevents@1.0.%d"}},
                 "customData": {"version": "1.0.%d"}}
                """
                .formatted(UUID.randomUUID(), Instant.now(), N.incrementAndGet(), N.get());
    }
}
