package dev.whatmoved.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The services as a busy organisation's: {@link #IN_WINDOW} releases in the last 90 days (one every 50 minutes, the
 * even ones shipping {@link #FEATURE}, the odd ones linked to nothing) and {@link #BEFORE} older ones, which features
 * answers as its {@code GET /api/releases} does: newest first, bounded by {@code from} and {@code to}, paged by {@code
 * page} and {@code size} (at most 100). attribution knows outcomes on {@link #METRIC} for the newest
 * {@link #MEASURED} releases and for release 1990 (past 19 pages of 100) and 2040 (past 20). Every path the console
 * asks is recorded in {@link #ASKED}, query included.
 *
 * <p>Also: outputs against outcomes with a team and hundreds of unlinked releases; three features of two teams (one
 * shipped in the last days, one in 2025-Q2, one not shipped) and attribution's calibration of them, one prediction
 * committed after ship; the feature's measured outcome with its window, and an analysis that answers a flat
 * counterfactual of 100 on the post-period.
 */
public class BusyServices extends StubServer {

    static final String METRIC = "orders.placed";
    static final String FEATURE = "busy-feature";
    static final String OLD_FEATURE = "quiet-feature";
    static final String DRAFT = "draft-feature";
    static final String LATE_FEATURE = "late-feature";
    static final int IN_WINDOW = 2050;
    static final int BEFORE = 30;
    static final int MEASURED = 250;
    static final List<Integer> ALSO_MEASURED = List.of(1990, 2040);
    static final int UNLINKED_RELEASES = 400;

    static final Queue<String> ASKED = new ConcurrentLinkedQueue<>();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    private final ObjectMapper json = new ObjectMapper();
    private final List<ObjectNode> releases = new ArrayList<>();
    private final Map<String, JsonNode> answers = new HashMap<>();

    static String id(int i) {
        return UUID.nameUUIDFromBytes(("busy-release-" + i).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** When release {@code i} (0 the newest) was deployed. */
    static Instant deployedAt(int i) {
        return i < IN_WINDOW
                ? NOW.minus(Duration.ofMinutes(60 + 50L * i))
                : NOW.minus(Duration.ofDays(200 + i - IN_WINDOW));
    }

    @Override
    protected void prepare() {
        answers();
    }

    @Override
    protected void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            ASKED.add(query == null ? path : path + "?" + query);
            Map<String, String> params = params(query);
            JsonNode answer;
            if (path.equals("/features/api/releases")) {
                answer = releases(params);
            } else if (path.equals("/features/api/features")) {
                answer = features(params);
            } else if (path.equals("/attribution/api/metrics/" + METRIC + "/attributions")) {
                answer = attributions(params);
            } else if (path.equals("/attribution/api/analyses")) {
                answer = analysis(json.readTree(request));
            } else {
                answer = answers.get(path);
            }
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

    private static Map<String, String> params(String query) {
        Map<String, String> params = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    /** As features answers it: newest first, {@code from}/{@code to} inclusive, paged. */
    private JsonNode releases(Map<String, String> params) {
        Instant from = params.containsKey("from") ? Instant.parse(params.get("from")) : Instant.MIN;
        Instant to = params.containsKey("to") ? Instant.parse(params.get("to")) : Instant.MAX;
        int page = Integer.parseInt(params.getOrDefault("page", "0"));
        int size = Math.min(100, Integer.parseInt(params.getOrDefault("size", "20")));
        List<ObjectNode> matching = releases.stream()
                .filter(r -> {
                    Instant at = Instant.parse(r.path("deployedAt").asText());
                    return !at.isBefore(from) && !at.isAfter(to);
                })
                .toList();
        return paged(matching, page, size);
    }

    private JsonNode features(Map<String, String> params) {
        String team = params.get("team");
        List<ObjectNode> all = new ArrayList<>();
        for (String key : List.of(FEATURE, OLD_FEATURE, DRAFT, LATE_FEATURE)) {
            ObjectNode f = (ObjectNode) answers.get("/features/api/features/" + key);
            if (team == null || team.equals(f.path("team").asText())) {
                all.add(f);
            }
        }
        return paged(
                all,
                Integer.parseInt(params.getOrDefault("page", "0")),
                Math.min(100, Integer.parseInt(params.getOrDefault("size", "20"))));
    }

    private JsonNode paged(List<ObjectNode> all, int page, int size) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode items = answer.putArray("items");
        all.stream().skip((long) page * size).limit(size).forEach(items::add);
        answer.put("page", page);
        answer.put("size", size);
        answer.put("total", all.size());
        return answer;
    }

    /** attribution's outcomes on the metric of the releases deployed from {@code from} (to {@code to}, exclusive). */
    private JsonNode attributions(Map<String, String> params) {
        Instant from = params.containsKey("from") ? day(params.get("from")) : Instant.MIN;
        Instant to = params.containsKey("to") ? day(params.get("to")) : Instant.MAX;
        ArrayNode answer = json.createArrayNode();
        List<Integer> measured = new ArrayList<>();
        for (int i = 0; i < MEASURED; i++) {
            measured.add(i);
        }
        measured.addAll(ALSO_MEASURED);
        for (int i : measured) {
            Instant at = deployedAt(i);
            if (!at.isBefore(from) && at.isBefore(to)) {
                answer.add(outcome(i, i % 2 == 0 ? "moved-as-predicted" : "no-detectable-change"));
            }
        }
        return answer;
    }

    private static Instant day(String text) {
        return text.length() == 10
                ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(text);
    }

    private ObjectNode outcome(int i, String verdict) {
        LocalDate released = LocalDate.ofInstant(deployedAt(i), ZoneOffset.UTC);
        ObjectNode o = json.createObjectNode();
        o.put(
                "outcomeId",
                UUID.nameUUIDFromBytes(("outcome-" + i).getBytes(StandardCharsets.UTF_8))
                        .toString());
        o.put("releaseId", id(i));
        o.put("featureKey", FEATURE);
        o.put("predictionNumber", 1);
        o.put("predictionVersion", 1);
        o.put("metric", METRIC);
        o.put("checkpointDays", 7);
        o.put("verdict", verdict);
        o.put("measuredAt", NOW.toString());
        o.put("relEffect", 0.05);
        o.put("relEffectLower", 0.01);
        o.put("relEffectUpper", 0.09);
        ObjectNode prediction = o.putObject("prediction");
        prediction.put("direction", "up");
        prediction.put("expectedChangePct", 4.0);
        prediction.put("lowPct", 2.0);
        prediction.put("highPct", 6.0);
        prediction.put("guardrail", false);
        ObjectNode window = o.putObject("window");
        window.put("preFrom", released.minusDays(28).toString());
        window.put("preTo", released.minusDays(1).toString());
        window.put("postFrom", released.toString());
        window.put("postTo", released.plusDays(6).toString());
        o.putArray("confounders");
        return o;
    }

    /** A flat counterfactual of 100 with an interval of 95 to 105 on the post-period of the request. */
    private JsonNode analysis(JsonNode request) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode pointwise = answer.putArray("pointwise");
        for (int i = request.path("postPeriod").path(0).asInt();
                i <= request.path("postPeriod").path(1).asInt();
                i++) {
            pointwise
                    .addObject()
                    .put("index", i)
                    .put("period", "post")
                    .put("predicted", 100.0)
                    .put("lower", 95.0)
                    .put("upper", 105.0);
        }
        return answer;
    }

    private void answers() {
        for (int i = 0; i < IN_WINDOW + BEFORE; i++) {
            ObjectNode r = json.createObjectNode();
            r.put("id", id(i));
            r.put("service", "shop");
            r.put("version", "v" + i);
            r.put("environment", "production");
            r.put("source", "api");
            r.put("deployedAt", deployedAt(i).toString());
            r.put("state", "deployed");
            ArrayNode features = r.putArray("features");
            if (i % 2 == 0) {
                features.add(FEATURE);
            }
            releases.add(r);
            answers.put("/features/api/releases/" + id(i), r);
        }
        answers.put(
                "/metrics/api/metrics/" + METRIC,
                json.createObjectNode()
                        .put("key", METRIC)
                        .put("name", "Orders placed")
                        .put("aggregation", "sum")
                        .put("unit", "orders")
                        .put("goodDirection", "up"));
        ObjectNode series = json.createObjectNode();
        series.putArray("buckets");
        answers.put("/metrics/api/metrics/" + METRIC + "/series", series);
        answers.put("/metrics/api/metrics", json.createArrayNode().add(answers.get("/metrics/api/metrics/" + METRIC)));

        // outputs against outcomes: one team, and the releases linked to no feature
        String quarter = NOW.atZone(ZoneOffset.UTC).getYear() + "-Q"
                + ((NOW.atZone(ZoneOffset.UTC).getMonthValue() - 1) / 3 + 1);
        ObjectNode outputs = json.createObjectNode().put("period", "quarter");
        ArrayNode rows = outputs.putArray("rows");
        rows.addObject()
                .put("period", quarter)
                .put("team", "payments")
                .put("releases", 12)
                .put("featuresShipped", 2)
                .put("rolledBack", 0)
                .put("predictions", 2)
                .put("movedAsPredicted", 1)
                .put("movedOpposite", 0)
                .put("noDetectableChange", 1)
                .put("inconclusive", 0)
                .put("pending", 0);
        rows.addObject()
                .put("period", quarter)
                .putNull("team")
                .put("releases", UNLINKED_RELEASES)
                .put("featuresShipped", 0)
                .put("rolledBack", 7)
                .put("predictions", 0)
                .put("movedAsPredicted", 0)
                .put("movedOpposite", 0)
                .put("noDetectableChange", 0)
                .put("inconclusive", 0)
                .put("pending", 0);
        answers.put("/attribution/api/outputs-vs-outcomes", outputs);

        // features: shipped days ago, shipped in 2025-Q2, a draft, and one whose prediction came after its release
        ObjectNode tracked = feature(FEATURE, "payments", deployedAt(0), 0);
        tracked.putObject("tracker").put("key", "SHOP-123").put("url", "https://acme.example/browse/SHOP-123");
        answers.put("/features/api/features/" + FEATURE, tracked);
        answers.put(
                "/features/api/features/" + OLD_FEATURE,
                feature(OLD_FEATURE, "growth", Instant.parse("2025-05-10T10:00:00Z"), -1));
        answers.put("/features/api/features/" + DRAFT, feature(DRAFT, "payments", null, -1));
        answers.put(
                "/features/api/features/" + LATE_FEATURE,
                feature(LATE_FEATURE, "growth", Instant.parse("2025-05-20T10:00:00Z"), -1));
        ArrayNode outcomes = json.createArrayNode().add(outcome(0, "moved-as-predicted"));
        answers.put("/attribution/api/features/" + FEATURE + "/outcomes", outcomes);
        ObjectNode releaseOutcomes = json.createObjectNode();
        releaseOutcomes.put("releaseId", id(0));
        releaseOutcomes.set("outcomes", outcomes);
        answers.put("/attribution/api/releases/" + id(0) + "/outcomes", releaseOutcomes);

        ObjectNode calibration = json.createObjectNode();
        ObjectNode counts = calibration.putObject("counts");
        counts.put("predictions", 3)
                .put("scored", 2)
                .put("pending", 0)
                .put("inconclusive", 0)
                .put("guardrails", 0)
                .put("excludedAmendedAfterShip", 0)
                .put("excludedCommittedAfterShip", 1);
        calibration.put("brierScore", 0.2);
        calibration.putArray("reliability");
        ArrayNode predictions = calibration.putArray("predictions");
        predictions.add(scored(FEATURE, "payments", "moved-as-predicted", false));
        predictions.add(scored(OLD_FEATURE, "growth", "no-detectable-change", false));
        predictions.add(scored(LATE_FEATURE, "growth", "moved-as-predicted", true));
        answers.put("/attribution/api/calibration", calibration);
    }

    private ObjectNode feature(String key, String team, Instant shippedAt, int release) {
        ObjectNode f = json.createObjectNode();
        f.put("key", key);
        f.put("title", "Title of " + key);
        f.put("team", team);
        f.put("owner", "ana");
        f.put("status", shippedAt == null ? "draft" : "shipped");
        f.put("committedAt", "2025-01-01T09:00:00Z");
        if (shippedAt == null) {
            f.putNull("shippedAt");
        } else {
            f.put("shippedAt", shippedAt.toString());
        }
        ArrayNode predictions = f.putArray("predictions");
        predictions
                .addObject()
                .put("number", 1)
                .put("version", 1)
                .put("metric", METRIC)
                .put("direction", "up")
                .put("expectedChangePct", 4.0)
                .put("lowPct", 2.0)
                .put("highPct", 6.0)
                .put("confidence", 0.7)
                .put("horizonDays", 7)
                .put("guardrail", false)
                .put("amendedAfterShip", false);
        f.set("history", predictions.deepCopy());
        ArrayNode shipped = f.putArray("releases");
        if (release >= 0) {
            shipped.add(releases.get(release));
        }
        return f;
    }

    private ObjectNode scored(String feature, String team, String verdict, boolean committedAfterShip) {
        ObjectNode p = json.createObjectNode();
        p.put("featureKey", feature);
        p.put("title", "t");
        p.put("team", team);
        p.put("owner", "ana");
        p.put("predictionNumber", 1);
        p.put("metric", METRIC);
        p.put("direction", "up");
        p.put("expectedChangePct", 4.0);
        p.put("confidence", 0.7);
        p.put("verdict", verdict);
        p.put("measuredChangePct", 5.0);
        p.put("amendedAfterShip", false);
        p.put("committedAfterShip", committedAfterShip);
        p.put("earlyRead", false);
        if (!committedAfterShip) {
            p.put("hit", verdict.equals("moved-as-predicted"));
        }
        return p;
    }
}
