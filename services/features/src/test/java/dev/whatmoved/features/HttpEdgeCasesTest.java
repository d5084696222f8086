package dev.whatmoved.features;

import static dev.whatmoved.testing.RawHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.features.intake.github.GitHubSignature;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.RawHttp;
import dev.whatmoved.testing.RawHttp.Answer;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the security review sent and got a 5xx (or no answer) for: every such request now gets a 4xx
 * {@code application/problem+json} naming what is wrong. Requests go over a raw socket, byte for byte as written, so
 * nothing normalises them on the way.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class HttpEdgeCasesTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aNulCharacterInAnyStoredTextIsRefusedNamingTheField() throws IOException {
        String feature = Features.draft("nul-title", "edge").replace("One-click checkout", "One\\u0000click");
        assertProblem(post("/api/features", feature, Scopes.FEATURES_WRITE), 400, "title");

        String release =
                """
                {"service": "check\\u0000out", "version": "1.0", "environment": "production",
                 "deployedAt": "2026-11-16T10:15:00Z"}""";
        assertProblem(post("/api/releases", release, Scopes.RELEASES_WRITE), 400, "service");

        String releaseFeatures =
                """
                {"service": "checkout", "version": "1.0", "environment": "production",
                 "deployedAt": "2026-11-16T10:15:00Z", "description": "x", "features": ["a\\u0000"]}""";
        assertProblem(post("/api/releases", releaseFeatures, Scopes.RELEASES_WRITE), 400, "features[0]");

        Features.createCommitted("nul-amendment", "edge");
        String amendment = Features.amendment("because\\u0000", 4);
        assertProblem(post("/api/features/nul-amendment/amendments", amendment, Scopes.FEATURES_WRITE), 400, "reason");
    }

    @Test
    void aNulCharacterInAPathOrQueryParameterIsRefusedNamingTheParameter() throws IOException {
        assertProblem(get("/api/features/%00"), 400, "key");
        assertProblem(get("/api/features/a%00b/commit", "POST", Scopes.FEATURES_WRITE), 400, "key");
        assertProblem(get("/api/features?team=%00"), 400, "team");
        assertProblem(get("/api/releases?service=x%00y"), 400, "service");
    }

    @Test
    void aNulCharacterInAWebhookPayloadIsRefusedNotAnInternalError() throws IOException {
        byte[] body = Payloads.bytes("github/deployment_status-success-actions.json");
        String text = new String(body, StandardCharsets.UTF_8).replace("\"storefront\"", "\"store\\u0000front\"");
        Answer answer = github(text.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefused() throws IOException {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        assertProblem(github(("{\"deployment\":" + deep + "}").getBytes(StandardCharsets.UTF_8)), 400, "nesting");
        assertProblem(post("/webhooks/cdevents", "{\"context\":" + deep + "}", Scopes.RELEASES_WRITE), 400, "nesting");
        assertProblem(post("/api/features", "{\"unknown\":" + deep + "}", Scopes.FEATURES_WRITE), 400, "nesting");
        String objects = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertProblem(post("/api/releases", objects, Scopes.RELEASES_WRITE), 400, "nesting");
    }

    @Test
    void overlongNamesNumbersAndStringsAreRefused() throws IOException {
        String longName = "{\"" + "k".repeat(100_000) + "\": 1}";
        assertProblem(post("/api/features", longName, Scopes.FEATURES_WRITE), 400, "name");
        assertProblem(github(longName.getBytes(StandardCharsets.UTF_8)), 400, "name");

        String hugeNumber = "{\"prediction\": " + "9".repeat(5_000) + "}";
        assertProblem(post("/api/features/x/amendments", hugeNumber, Scopes.FEATURES_WRITE), 400, "number");
        assertProblem(
                post("/webhooks/cdevents", "{\"n\": " + "1".repeat(5_000) + ".5}", Scopes.RELEASES_WRITE),
                400,
                "number");
    }

    @Test
    void aDuplicateKeyIsRefusedNamingTheKey() throws IOException {
        String twice = Features.draft("dup-key", "edge").replaceFirst("\"team\"", "\"owner\": \"bob\", \"team\"");
        assertProblem(post("/api/features", twice, Scopes.FEATURES_WRITE), 400, "owner");

        byte[] body = Payloads.bytes("github/deployment_status-success-actions.json");
        String text = new String(body, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"action\": \"deleted\", ");
        assertProblem(github(text.getBytes(StandardCharsets.UTF_8)), 400, "action");
    }

    @Test
    void aBrokenPercentEncodingIsRefused() throws IOException {
        // Escapes that do not spell UTF-8, and targets that are no URI at all (which Quarkus's root handler used to
        // refuse with an empty 400, before any handler of ours: kit.http.MalformedTargets).
        assertProblem(get("/api/features/%C0%AF"), 400, "UTF-8");
        assertProblem(get("/api/features?team=%FF"), 400, "UTF-8");
        assertProblem(get("/api/features/%zz"), 400, "two hexadecimal digits");
        assertProblem(get("/api/features/abc%"), 400, "two hexadecimal digits");
        assertProblem(get("/api/features/a|b"), 400, "cannot appear in a URI");

        byte[] form = "payload=%7B%zz".getBytes(StandardCharsets.UTF_8);
        String head = "POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nX-GitHub-Event: ping\r\nX-GitHub-Delivery: "
                + UUID.randomUUID() + "\r\n" + GitHubSignature.HEADER + ": "
                + GitHubSignature.header(GitHubWebhookTest.SECRET, form) + "\r\nContent-Length: " + form.length
                + "\r\n\r\n";
        assertProblem(send(head.getBytes(StandardCharsets.US_ASCII), form), 400, "payload");
    }

    @Test
    void aBodyOverTheServersLimitGetsAProblem() throws IOException {
        // Announced: over quarkus.http.limits.max-body-size by Content-Length; nothing sent after the headers.
        Answer announced = send("POST /api/releases HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.withScopes(Scopes.RELEASES_WRITE)
                + "\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n");
        assertProblem(announced, 413, "bytes");

        // Chunked: no length is announced, the body just keeps coming.
        String head = "POST /api/releases HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.withScopes(Scopes.RELEASES_WRITE)
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertProblem(sendChunked(head, 12 * 1024 * 1024), 413, "bytes");
    }

    @Test
    void anOverlongRequestLineOrHeaderGetsAProblem() throws IOException {
        Answer line = send("GET /api/features?team=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertProblem(line, 414, "request line");

        Answer header =
                send("GET /api/features HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n");
        assertProblem(header, 431, "header");
    }

    // ---- raw HTTP ------------------------------------------------------------------------------------------------

    private Answer post(String path, String json, String scope) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(
                ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                + TestTokens.withScopes(scope)
                                + "\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                body);
    }

    private Answer get(String target) throws IOException {
        return get(target, "GET", Scopes.READ);
    }

    private Answer get(String target, String method, String scope) throws IOException {
        return send(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.withScopes(scope) + "\r\nContent-Length: 0\r\n\r\n");
    }

    private Answer github(byte[] body) throws IOException {
        String head = "POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-GitHub-Event: deployment_status\r\nX-GitHub-Delivery: " + UUID.randomUUID() + "\r\n"
                + GitHubSignature.HEADER + ": " + GitHubSignature.header(GitHubWebhookTest.SECRET, body)
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        return send(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    static String readLog() throws IOException {
        return Files.readString(Path.of("target", "service-test.log"));
    }

    private Answer send(String request) throws IOException {
        return new RawHttp(base).send(request);
    }

    private Answer send(byte[] head, byte[] body) throws IOException {
        return new RawHttp(base).send(head, body);
    }

    private Answer sendChunked(String head, int bytes) throws IOException {
        return new RawHttp(base).sendChunked(head, bytes);
    }
}
