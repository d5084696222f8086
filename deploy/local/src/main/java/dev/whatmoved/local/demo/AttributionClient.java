package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;

/** What a viewer reads from attribution: a release's outcomes, outputs against outcomes, a team's calibration. */
final class AttributionClient {

    private final Http http;
    private final URI base;
    private final String viewerToken;

    AttributionClient(Http http, URI base, String viewerToken) {
        this.http = http;
        this.base = base;
        this.viewerToken = viewerToken;
    }

    /** The release's outcomes, or empty while attribution has not heard of the release (404). */
    Optional<JsonNode> outcomes(String releaseId) {
        Http.Answer answer = http.get(base.resolve("/api/releases/" + releaseId + "/outcomes"), viewerToken);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(Http.expect(answer, "GET /api/releases/" + releaseId + "/outcomes", 200)
                .body());
    }

    /** {@code GET /api/outputs-vs-outcomes?period=quarter}; empty if this attribution does not serve it (404). */
    Optional<JsonNode> outputsVsOutcomes() {
        Http.Answer answer = http.get(base.resolve("/api/outputs-vs-outcomes?period=quarter"), viewerToken);
        if (answer.status() == 404 && !answer.body().has("rows")) {
            return Optional.empty();
        }
        return Optional.of(
                Http.expect(answer, "GET /api/outputs-vs-outcomes", 200).body());
    }

    /** {@code GET /api/calibration?team=&from=&to=}; empty if this attribution does not serve it (404). */
    Optional<JsonNode> calibration(String team, LocalDate from, LocalDate to) {
        Http.Answer answer = http.get(
                base.resolve("/api/calibration?team=" + URLEncoder.encode(team, StandardCharsets.UTF_8) + "&from="
                        + from + "&to=" + to),
                viewerToken);
        if (answer.status() == 404 && !answer.body().has("counts")) {
            return Optional.empty();
        }
        return Optional.of(Http.expect(answer, "GET /api/calibration", 200).body());
    }
}
