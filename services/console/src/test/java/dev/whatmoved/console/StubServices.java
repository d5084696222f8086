package dev.whatmoved.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services the console reads, answering canned JSON shaped like their real answers (docs/api.md,
 * attribution's {@code OutcomeView}, {@code ReleaseOutcomes}, {@code CalibrationView}): one HTTP server on a free port,
 * features under {@code /features}, metrics under {@code /metrics}, attribution under {@code /attribution}. Any path it
 * does not know is a 404; query strings are ignored.
 *
 * <p>What it knows:
 *
 * <ul>
 *   <li>{@link #RELEASE}, shipping {@link #FEATURE}: outcomes as attribution measures them now, with {@code sequential},
 *       {@code placebo}, {@code outliers} and {@code model.scale}: two early reads (1 and 7 days), a pending 14-day
 *       checkpoint (the fields null), and a guardrail whose 7-day checkpoint is its last look (no early read).
 *   <li>{@link #OLD_RELEASE}, shipping {@link #OLD_FEATURE}: an outcome measured before those fields existed, as
 *       attribution answers it today (the fields null); the feature's outcomes as an attribution from before them
 *       answers (the fields missing altogether).
 *   <li>{@link #MARKUP_RELEASE}: an outcome whose diagnostics carry markup where text is expected.
 *   <li>the calibration: an early-read prediction, a final one, and one from an attribution without {@code earlyRead}.
 * </ul>
 */
public class StubServices extends StubServer {

    static final String RELEASE = "5b0c1f1e-8d4e-4f7e-9a53-2b1f3c4d5e6f";
    static final String OLD_RELEASE = "1d2c3b4a-0000-4f7e-9a53-2b1f3c4d5e6f";
    static final String MARKUP_RELEASE = "7e7e7e7e-0000-4f7e-9a53-2b1f3c4d5e6f";
    static final String FEATURE = "checkout-one-click";
    /** A committed feature, not shipped, whose predictions carry attribution's review. */
    static final String REVIEWED = "checkout-express";

    static final String OLD_FEATURE = "checkout-guest";
    static final String METRIC = "checkout.conversions";
    static final String GUARDRAIL = "checkout.errors";
    static final String MARKUP = "<img src=x onerror=alert(1)>";

    static final List<Integer> LOOKS = List.of(1, 7, 14, 30, 60, 90);

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, JsonNode> answers = new HashMap<>();

    @Override
    protected void prepare() {
        answers();
    }

    @Override
    protected void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            JsonNode answer = answers.get(exchange.getRequestURI().getPath());
            byte[] body = (answer == null
                            ? "{\"title\":\"Not Found\",\"status\":404}"
                            : json.writeValueAsString(answer))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void answers() {
        // --- attribution ---------------------------------------------------------------------------------------------
        ObjectNode first = outcome(RELEASE, FEATURE, 1, METRIC, 1, "no-detectable-change", "2026-11-18T16:00:00Z");
        diagnose(
                first,
                1,
                LOOKS,
                0.00033,
                read(
                        "{\"dates\":0,\"excludedZero\":0,\"expected\":0.0,\"factor\":1.0,\"note\":\"history too short for"
                                + " placebo dates (40 points before the release, 63 needed): the interval is the model's own\"}"),
                "additive",
                0.9,
                List.of());
        ObjectNode seventh = outcome(RELEASE, FEATURE, 1, METRIC, 7, "moved-as-predicted", "2026-11-24T16:00:00Z");
        diagnose(
                seventh,
                2,
                LOOKS,
                0.0020,
                read("{\"dates\":24,\"excludedZero\":3,\"expected\":1.2000000000000002,\"factor\":1.35,\"note\":null}"),
                "multiplicative",
                0.8,
                List.of("2026-10-03", "2026-10-04"));
        ObjectNode pending = outcome(RELEASE, FEATURE, 1, METRIC, 14, "pending", null);
        for (String field : List.of("sequential", "placebo", "outliers", "model")) {
            pending.putNull(field);
        }
        ObjectNode guardrail =
                outcome(RELEASE, FEATURE, 2, GUARDRAIL, 7, "no-detectable-change", "2026-11-24T16:00:00Z");
        diagnose(
                guardrail,
                2,
                List.of(1, 7),
                0.0476,
                read("{\"dates\":24,\"excludedZero\":1,\"expected\":1.2000000000000002,\"factor\":1.0,\"note\":null}"),
                "additive",
                0.65,
                null);

        // Measured before sequential, placebo and outliers existed: attribution answers them null.
        ObjectNode old = outcome(OLD_RELEASE, OLD_FEATURE, 1, METRIC, 7, "moved-as-predicted", "2026-10-27T16:00:00Z");
        for (String field : List.of("sequential", "placebo", "outliers")) {
            old.putNull(field);
        }
        // The same outcome from an attribution that predates the fields: not in the answer at all.
        ObjectNode older = old.deepCopy();
        older.remove(List.of("sequential", "placebo", "outliers"));
        ((ObjectNode) older.path("model")).remove(List.of("scale", "scaleWeights"));

        ObjectNode markup =
                outcome(MARKUP_RELEASE, FEATURE, 1, METRIC, 1, "no-detectable-change", "2026-11-18T16:00:00Z");
        ObjectNode markupPlacebo = json.createObjectNode().put("dates", 0).put("note", MARKUP);
        diagnose(markup, 1, LOOKS, 0.00033, markupPlacebo, MARKUP, 1.0, List.of(MARKUP));

        put(
                "/attribution/api/releases/" + RELEASE + "/outcomes",
                releaseOutcomes(RELEASE, FEATURE, first, seventh, pending, guardrail));
        put("/attribution/api/releases/" + OLD_RELEASE + "/outcomes", releaseOutcomes(OLD_RELEASE, OLD_FEATURE, old));
        put(
                "/attribution/api/releases/" + MARKUP_RELEASE + "/outcomes",
                releaseOutcomes(MARKUP_RELEASE, FEATURE, markup));
        put("/attribution/api/features/" + FEATURE + "/outcomes", array(first, seventh, pending, guardrail));
        put("/attribution/api/features/" + OLD_FEATURE + "/outcomes", array(older));
        put("/attribution/api/metrics/" + METRIC + "/attributions", array(first, seventh, old));
        put("/attribution/api/metrics/" + GUARDRAIL + "/attributions", array(guardrail));
        put("/attribution/api/analyses", read("{\"pointwise\":[]}"));
        put("/attribution/api/outputs-vs-outcomes", read("{\"period\":\"quarter\",\"rows\":[]}"));
        put("/attribution/api/calibration", calibration());

        // --- features ------------------------------------------------------------------------------------------------
        put("/features/api/releases/" + RELEASE, release(RELEASE, "2026.11.3", "2026-11-17T10:00:00Z", FEATURE));
        put(
                "/features/api/releases/" + OLD_RELEASE,
                release(OLD_RELEASE, "2026.10.1", "2026-10-20T10:00:00Z", OLD_FEATURE));
        put(
                "/features/api/releases/" + MARKUP_RELEASE,
                release(MARKUP_RELEASE, "2026.11.4", "2026-11-17T12:00:00Z", FEATURE));
        ObjectNode releases = json.createObjectNode();
        releases.putArray("items")
                .add(answers.get("/features/api/releases/" + RELEASE))
                .add(answers.get("/features/api/releases/" + OLD_RELEASE));
        releases.put("total", 2);
        put("/features/api/releases", releases);
        put("/features/api/features/" + FEATURE, feature(FEATURE, "One-click checkout", RELEASE));
        put("/features/api/features/" + OLD_FEATURE, feature(OLD_FEATURE, "Guest checkout", OLD_RELEASE));
        put("/features/api/features/" + REVIEWED, reviewed());
        put("/attribution/api/features/" + REVIEWED + "/outcomes", json.createArrayNode());
        ObjectNode features = json.createObjectNode();
        features.putArray("items")
                .add(answers.get("/features/api/features/" + FEATURE))
                .add(answers.get("/features/api/features/" + OLD_FEATURE));
        features.put("total", 2);
        put("/features/api/features", features);

        // --- metrics -------------------------------------------------------------------------------------------------
        for (String metric : List.of(METRIC, GUARDRAIL)) {
            put(
                    "/metrics/api/metrics/" + metric,
                    read("{\"key\":\"" + metric + "\",\"name\":\"" + metric
                            + "\",\"aggregation\":\"sum\",\"unit\":\"orders\",\"goodDirection\":\"up\"}"));
            put("/metrics/api/metrics/" + metric + "/series", read("{\"buckets\":[]}"));
        }
        put("/metrics/api/metrics", array(answers.get("/metrics/api/metrics/" + METRIC)));
    }

    /** One outcome as attribution's {@code OutcomeView} answers it, measured with the model (or pending). */
    private ObjectNode outcome(
            String releaseId,
            String feature,
            int prediction,
            String metric,
            int checkpointDays,
            String verdict,
            String measuredAt) {
        ObjectNode o = (ObjectNode) read(
                """
                {"outcomeId": "00000000-0000-4000-8000-%1$08d", "releaseId": "%2$s", "featureKey": "%3$s",
                 "predictionNumber": %4$d, "predictionVersion": 1, "metric": "%5$s", "checkpointDays": %6$d,
                 "dueAt": "2026-11-30T06:00:00Z", "verdict": "%7$s", "reason": null, "version": 1, "stale": false,
                 "measuredAt": null, "method": "state-space", "relEffect": 0.031, "relEffectLower": 0.004,
                 "relEffectUpper": 0.058, "p": 0.012, "guardrailBreached": null,
                 "prediction": {"version": 1, "direction": "up", "expectedChangePct": 3.0, "lowPct": 1.0,
                   "highPct": 5.0, "confidence": 0.7, "horizonDays": 30, "guardrail": false, "tolerancePct": null,
                   "amendedAfterShip": false},
                 "value": "daily sum",
                 "window": {"preFrom": "2026-09-22", "preTo": "2026-11-16", "postFrom": "2026-11-17",
                   "postTo": "2026-11-23", "postDays": 7, "truncatedByRollback": false},
                 "average": null, "cumulative": null,
                 "minimumDetectableEffect": {"alpha": 0.002, "power": 0.8, "absolute": 3.1, "relative": 0.05},
                 "confounders": [], "data": null,
                 "model": {"components": ["level", "trend", "seasonal(7)"], "parameters": {}, "coefficients": [],
                   "logLikelihood": -120.5, "prePoints": 56, "missing": {"pre": 0, "post": 0},
                   "draws": {"n": 400, "effective": 310.0}}}
                """
                        .formatted(
                                answers.size() * 10 + checkpointDays,
                                releaseId,
                                feature,
                                prediction,
                                metric,
                                checkpointDays,
                                verdict));
        if (measuredAt != null) {
            o.put("measuredAt", measuredAt);
        } else {
            for (String field : List.of("relEffect", "relEffectLower", "relEffectUpper", "p", "version")) {
                o.putNull(field);
            }
        }
        return o;
    }

    /** What attribution adds to an outcome since the honest verdicts (docs/statistics.md). */
    private void diagnose(
            ObjectNode outcome,
            int look,
            List<Integer> looks,
            double decisionAlpha,
            JsonNode placebo,
            String scale,
            double scaleWeight,
            List<String> outliers) {
        ObjectNode sequential = outcome.putObject("sequential");
        sequential.put("look", look);
        ArrayNode lookDays = sequential.putArray("looks");
        looks.forEach(lookDays::add);
        sequential.put("decisionAlpha", decisionAlpha);
        sequential.put("earlyRead", looks.stream().anyMatch(day -> day > looks.get(look - 1)));
        outcome.set("placebo", placebo);
        ObjectNode model = (ObjectNode) outcome.path("model");
        model.put("scale", scale);
        ObjectNode weights = model.putObject("scaleWeights");
        weights.put(scale.equals("additive") ? "multiplicative" : "additive", 1 - scaleWeight);
        weights.put(scale, scaleWeight);
        if (outliers == null) {
            outcome.set("outliers", NullNode.getInstance());
        } else {
            ArrayNode days = outcome.putArray("outliers");
            outliers.forEach(days::add);
        }
    }

    private JsonNode releaseOutcomes(String releaseId, String feature, JsonNode... outcomes) {
        ObjectNode answer = json.createObjectNode();
        answer.put("releaseId", releaseId);
        answer.put("service", "checkout");
        answer.put("version", "2026.11.3");
        answer.put("environment", "production");
        answer.put("deployedAt", "2026-11-17T10:00:00Z");
        answer.putArray("features").add(feature);
        answer.put("state", "deployed");
        answer.putNull("rolledBackAt");
        answer.put("method", "state-space");
        answer.set("outcomes", array(outcomes));
        answer.putNull("baseline");
        return answer;
    }

    private JsonNode release(String id, String version, String deployedAt, String feature) {
        ObjectNode release = json.createObjectNode();
        release.put("id", id);
        release.put("service", "checkout");
        release.put("version", version);
        release.put("environment", "production");
        release.put("source", "api");
        release.put("commit", "9fceb02d0ae598e95dc970b74767f19372d61af8");
        release.put("deployedAt", deployedAt);
        release.put("state", "deployed");
        release.putArray("features").add(feature);
        return release;
    }

    private JsonNode feature(String key, String title, String releaseId) {
        ObjectNode feature = json.createObjectNode();
        feature.put("key", key);
        feature.put("title", title);
        feature.put("team", "payments");
        feature.put("owner", "ana");
        feature.put("status", "shipped");
        feature.put("committedAt", "2026-09-01T09:00:00Z");
        feature.put(
                "shippedAt",
                answers.get("/features/api/releases/" + releaseId)
                        .path("deployedAt")
                        .asText());
        ArrayNode predictions = feature.putArray("predictions");
        predictions.add(read(
                """
                {"number": 1, "version": 1, "metric": "%s", "direction": "up", "expectedChangePct": 3.0, "lowPct": 1.0,
                 "highPct": 5.0, "confidence": 0.7, "horizonDays": 90, "guardrail": false, "amendedAfterShip": false,
                 "createdAt": "2026-09-01T09:00:00Z"}
                """
                        .formatted(METRIC)));
        predictions.add(read(
                """
                {"number": 2, "version": 1, "metric": "%s", "guardrail": true, "tolerancePct": 1.0, "horizonDays": 7,
                 "amendedAfterShip": false, "createdAt": "2026-09-01T09:00:00Z"}
                """
                        .formatted(GUARDRAIL)));
        feature.set("history", predictions.deepCopy());
        feature.putArray("releases").add(answers.get("/features/api/releases/" + releaseId));
        return feature;
    }

    /**
     * A committed feature not shipped yet, as features answers it with attribution's review: +3 % first detectable at
     * day 30; +0.5 % never, hence the warning.
     */
    private JsonNode reviewed() {
        return read(
                """
                {"key": "%1$s", "title": "Express checkout", "team": "payments", "owner": "ana", "status": "committed",
                 "committedAt": "2026-12-01T09:00:00Z", "releases": [], "scorecard": [],
                 "warnings": ["prediction 2: your +0.5 %% on %2$s cannot be told from noise at any checkpoint up to day 90"],
                 "predictions": [
                  {"number": 1, "version": 1, "metric": "%2$s", "direction": "up", "expectedChangePct": 3.0,
                   "confidence": 0.7, "horizonDays": 90, "guardrail": false, "amendedAfterShip": false,
                   "createdAt": "2026-12-01T09:00:00Z",
                   "review": {"available": true, "method": "state-space", "releaseDay": "2026-12-07", "changePct": 3.0,
                    "firstDetectableDay": 30,
                    "summary": "your +3 %% on %2$s cannot be told from noise before day 30",
                    "checkpoints": [
                     {"days": 1, "decisionAlpha": 0.0001, "mdePct": 8.123, "detectable": false},
                     {"days": 7, "decisionAlpha": 0.004, "mdePct": 4.5, "detectable": false},
                     {"days": 14, "decisionAlpha": 0.01, "mdePct": 3.2, "detectable": false},
                     {"days": 30, "decisionAlpha": 0.02, "mdePct": 2.25, "detectable": true},
                     {"days": 60, "decisionAlpha": 0.03, "mdePct": 1.7, "detectable": true},
                     {"days": 90, "decisionAlpha": 0.04, "mdePct": 1.4, "detectable": true}]}},
                  {"number": 2, "version": 1, "metric": "%2$s", "direction": "up", "expectedChangePct": 0.5,
                   "confidence": 0.6, "horizonDays": 90, "guardrail": false, "amendedAfterShip": false,
                   "createdAt": "2026-12-01T09:00:00Z",
                   "review": {"available": true, "method": "state-space", "releaseDay": "2026-12-07", "changePct": 0.5,
                    "firstDetectableDay": null,
                    "summary": "your +0.5 %% on %2$s cannot be told from noise at any checkpoint up to day 90",
                    "checkpoints": [{"days": 90, "decisionAlpha": 0.04, "mdePct": 1.4, "detectable": false}]}},
                  {"number": 3, "version": 1, "metric": "%2$s", "direction": "down", "expectedChangePct": 2.0,
                   "confidence": 0.6, "horizonDays": 90, "guardrail": false, "amendedAfterShip": false,
                   "createdAt": "2026-12-01T09:00:00Z",
                   "review": {"available": false, "reason": "attribution did not answer within 4 s",
                    "checkpoints": []}}],
                 "history": []}
                """
                        .formatted(REVIEWED, METRIC));
    }

    private JsonNode calibration() {
        ObjectNode answer = (ObjectNode)
                read(
                        """
                {"team": null, "owner": null, "from": null, "to": null,
                 "counts": {"predictions": 3, "scored": 2, "pending": 0, "inconclusive": 0, "excludedAmendedAfterShip": 0},
                 "directionHitRate": 1.0, "brierScore": 0.09, "medianPredictedToMeasured": 1.0, "rangeCoverage": 0.5,
                 "reliability": [{"from": 0.7, "to": 0.8, "statedConfidence": 0.7, "hitRate": 1.0, "count": 2}],
                 "quarters": [
                   {"quarter": "2026-Q3", "predictions": 4, "scored": 3, "brierScore": 0.3367, "directionHitRate": 0.5},
                   {"quarter": "2026-Q4", "predictions": 3, "scored": 2, "brierScore": 0.09, "directionHitRate": 1.0}],
                 "relative": {"peers": "team", "peersScored": 3, "medianBrierScore": 0.18, "relativeBrierScore": 0.5}}
                """);
        ArrayNode predictions = answer.putArray("predictions");
        predictions.add(prediction(FEATURE, 1, 7, true));
        predictions.add(prediction(FEATURE, 2, 7, false));
        ObjectNode older = prediction(OLD_FEATURE, 1, 7, false);
        older.remove("earlyRead");
        predictions.add(older);
        return answer;
    }

    private ObjectNode prediction(String feature, int number, int checkpointDays, boolean earlyRead) {
        ObjectNode p = (ObjectNode) read(
                """
                {"featureKey": "%s", "title": "t", "team": "payments", "owner": "ana", "predictionNumber": %d,
                 "metric": "%s", "direction": "up", "expectedChangePct": 3.0, "lowPct": 1.0, "highPct": 5.0,
                 "confidence": 0.7, "shipped": "2026-11-17", "releaseId": "%s", "checkpointDays": %d,
                 "measuredChangePct": 3.1, "measuredLowerPct": 0.4, "measuredUpperPct": 5.8,
                 "verdict": "moved-as-predicted", "hit": true, "inRange": true, "amendedAfterShip": false}
                """
                        .formatted(feature, number, METRIC, RELEASE, checkpointDays));
        p.put("earlyRead", earlyRead);
        return p;
    }

    private ArrayNode array(JsonNode... items) {
        ArrayNode array = json.createArrayNode();
        for (JsonNode item : items) {
            array.add(item);
        }
        return array;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(String path, JsonNode answer) {
        answers.put(path, answer);
    }
}
