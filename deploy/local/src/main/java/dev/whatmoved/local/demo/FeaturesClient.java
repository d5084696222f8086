package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.local.LauncherException;
import dev.whatmoved.local.demo.Scenario.Feature;
import dev.whatmoved.local.demo.Scenario.Prediction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The features service's front doors as their users reach them: the product lead's features API, and each CI or CD
 * system's release intake (GitHub signs its deliveries with the webhook secret, GitLab sends its secret token,
 * CDEvents and the native API carry a pipeline's bearer token).
 */
final class FeaturesClient {

    private final Http http;
    private final URI base;
    private final String leadToken;
    private final String ciToken;
    private final Optional<String> githubSecret;
    private final Optional<String> gitlabToken;

    FeaturesClient(
            Http http,
            URI base,
            String leadToken,
            String ciToken,
            Optional<String> githubSecret,
            Optional<String> gitlabToken) {
        this.http = http;
        this.base = base;
        this.leadToken = leadToken;
        this.ciToken = ciToken;
        this.githubSecret = githubSecret;
        this.gitlabToken = gitlabToken;
    }

    /** The feature as the service has it, or empty (404). */
    Optional<JsonNode> feature(String key) {
        Http.Answer answer = http.get(base.resolve("/api/features/" + key), leadToken);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(Http.expect(answer, "GET /api/features/" + key, 200).body());
    }

    void register(Feature feature) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("key", feature.key());
        body.put("title", feature.title());
        body.put("team", feature.team());
        body.put("owner", feature.owner());
        body.put("problem", feature.problem());
        var predictions = body.putArray("predictions");
        feature.predictions().forEach(p -> predictions.add(prediction(p)));
        Http.expect(http.postJson(base.resolve("/api/features"), leadToken, body), "POST /api/features", 201);
    }

    void commit(String key) {
        Http.expect(
                http.send("POST", base.resolve("/api/features/" + key + "/commit"), leadToken, Map.of(), null),
                "POST /api/features/" + key + "/commit",
                200);
    }

    void amend(String key, Scenario.Amendment amendment) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("prediction", amendment.number());
        body.put("reason", amendment.reason());
        body.set("amended", prediction(amendment.amended()));
        Http.expect(
                http.postJson(base.resolve("/api/features/" + key + "/amendments"), leadToken, body),
                "POST /api/features/" + key + "/amendments",
                201);
    }

    /**
     * Sends one deployment through the door its source uses; answers the stored release (201 the first time, 200
     * for a delivery seen before).
     */
    JsonNode deliver(ReleasePayloads.Delivery delivery) {
        Map<String, String> headers = new LinkedHashMap<>(delivery.headers());
        String token = null;
        switch (delivery.path()) {
            case "/webhooks/github" ->
                githubSecret.ifPresent(
                        secret -> headers.put("X-Hub-Signature-256", "sha256=" + hmac(secret, delivery.body())));
            case "/webhooks/gitlab" -> gitlabToken.ifPresent(secret -> headers.put("X-Gitlab-Token", secret));
            default -> token = ciToken;
        }
        Http.Answer answer = http.send("POST", base.resolve(delivery.path()), token, headers, delivery.body());
        if (answer.status() == 401 && delivery.path().startsWith("/webhooks/git")) {
            throw new LauncherException(
                    "the features service refused the demo's " + delivery.path() + " delivery (" + answer.detail()
                            + "); give the demo the service's secrets in WHATMOVED_INTAKE_GITHUB_SECRET and"
                            + " WHATMOVED_INTAKE_GITLAB_TOKEN",
                    LauncherException.STARTUP_FAILED);
        }
        return Http.expect(answer, "POST " + delivery.path(), 200, 201).body();
    }

    /** GitHub's X-Hub-Signature-256: HMAC-SHA256 of the exact body bytes with the webhook secret, in hex. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode prediction(Prediction p) {
        ObjectNode node = Http.JSON.createObjectNode();
        node.put("metric", p.metric());
        node.put("direction", p.direction());
        if (p.expectedChangePct() != null) {
            node.put("expectedChangePct", p.expectedChangePct());
        }
        if (p.lowPct() != null) {
            ObjectNode range = node.putObject("range");
            range.put("lowPct", p.lowPct());
            range.put("highPct", p.highPct());
        }
        node.put("confidence", p.confidence());
        node.put("horizonDays", 90);
        if (p.guardrail()) {
            node.put("guardrail", true);
            node.put("tolerancePct", p.tolerancePct());
        }
        return node;
    }
}
