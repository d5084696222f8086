package dev.whatmoved.notify;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.TestTokens;
import io.restassured.http.ContentType;

/** Creates rules through the API, as a product lead would. */
final class Rules {

    static final String ALL_KINDS = "[\"verdict.early-read\", \"verdict.final\", \"guardrail.breached\","
            + " \"release.unlinked\", \"feature.unpredicted\", \"prediction.amended-after-ship\"]";

    private Rules() {}

    static String create(String team, String body) {
        return TestTokens.caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/teams/" + team + "/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String http(String team, String name, String type, String url) {
        return create(
                team,
                """
                {"name": "%s", "events": %s, "channel": {"type": "%s", "url": "%s"}}
                """
                        .formatted(name, ALL_KINDS, type, url));
    }

    static String webhook(String team, String name, String url, String secret) {
        return create(
                team,
                """
                {"name": "%s", "events": %s, "channel": {"type": "webhook", "url": "%s", "secret": "%s"}}
                """
                        .formatted(name, ALL_KINDS, url, secret));
    }

    static String email(String team, String name, String to) {
        return create(
                team,
                """
                {"name": "%s", "events": %s, "channel": {"type": "email", "to": ["%s"]}}
                """
                        .formatted(name, ALL_KINDS, to));
    }
}
