package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class PointsResourceTest {

    @Test
    void takesTheValidLinesOfAnNdjsonBatchAndNamesEveryRejectedOne() {
        String revenue = Metrics.register(Metrics.key("revenue"), "sum", "country");
        Instant day = Metrics.daysAgo(2);
        String ndjson = String.join(
                "\n",
                line(revenue, day.plusSeconds(3600), "10", "{\"country\": \"de\"}"),
                line(revenue, day.plusSeconds(3700), "5", "{\"country\": \"fr\"}"),
                line(revenue, day.plusSeconds(7200), "NaN", null),
                line(revenue, day.plusSeconds(7200), "\"12\"", null),
                "{\"metric\": \"" + revenue + "\", \"value\": 1}",
                line(revenue, day.plusSeconds(7200), "1", "{\"browser\": \"firefox\"}"),
                "{\"metric\": \"" + revenue + "\", \"timestamp\": \"yesterday\", \"value\": 1}",
                line(revenue, Instant.now().plus(3, ChronoUnit.DAYS), "1", null),
                line(revenue, Instant.now().minus(200, ChronoUnit.DAYS), "1", null),
                line("not.registered", day, "1", null),
                "{\"metric\": \"" + revenue + "\", \"timestamp\": ",
                "",
                line(revenue, day.plusSeconds(7300), "2.5", null));
        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-ndjson")
                .body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/points")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(3))
                .body("rejected", equalTo(9))
                .body("rejections.line", contains(3, 4, 5, 6, 7, 8, 9, 10, 11))
                .body("rejections[0].reason", equalTo("value: must be a finite number"))
                .body("rejections[1].reason", equalTo("value: must be a number"))
                .body("rejections[2].reason", equalTo("timestamp: missing"))
                .body("rejections[3].reason", containsString("dimensions.browser: not a dimension of " + revenue))
                .body("rejections[4].reason", containsString("timestamp: cannot read 'yesterday'"))
                .body("rejections[5].reason", containsString("in the future"))
                .body("rejections[6].reason", containsString("older than the late limit (120 days)"))
                .body("rejections[7].reason", containsString("unknown metric 'not.registered'"))
                .body("rejections[8].reason", containsString("malformed JSON"));

        // the day total holds the three valid points; each country has its own series; hours are split
        caller(Scopes.READ)
                .queryParam("from", day.toString())
                .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                .get("/api/metrics/" + revenue + "/series")
                .then()
                .statusCode(200)
                .body("granularity", equalTo("day"))
                .body("buckets", hasSize(1))
                .body("buckets[0].start", equalTo(day.toString()))
                .body("buckets[0].value", equalTo(17.5f))
                .body("buckets[0].count", equalTo(3))
                .body("buckets[0].min", equalTo(2.5f))
                .body("buckets[0].max", equalTo(10.0f));
        caller(Scopes.READ)
                .queryParam("from", day.toString())
                .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                .queryParam("granularity", "hour")
                .queryParam("dims", "country:de")
                .get("/api/metrics/" + revenue + "/series")
                .then()
                .statusCode(200)
                .body("dimensions.country", equalTo("de"))
                .body("buckets.start", contains(day.plusSeconds(3600).toString()))
                .body("buckets.value", contains(10.0f));
        caller(Scopes.READ)
                .queryParam("from", day.toString())
                .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                .queryParam("granularity", "hour")
                .get("/api/metrics/" + revenue + "/series")
                .then()
                .body(
                        "buckets.start",
                        contains(
                                day.plusSeconds(3600).toString(),
                                day.plusSeconds(7200).toString()))
                .body("buckets.value", contains(15.0f, 2.5f));
    }

    @Test
    void readsAJsonArrayAndRollsUpRatiosMeansAndLastValues() {
        String conversion = Metrics.register(Metrics.key("conversion"), "ratio");
        String latency = Metrics.register(Metrics.key("latency"), "mean");
        String active = Metrics.register(Metrics.key("active.users"), "last");
        Instant day = Metrics.daysAgo(5);
        String body = "[{\"metric\": \"" + conversion + "\", \"timestamp\": \"" + day.plusSeconds(60)
                + "\", \"numerator\": 3, \"denominator\": 100},"
                + "{\"metric\": \"" + conversion + "\", \"timestamp\": \"" + day.plusSeconds(120)
                + "\", \"numerator\": 7, \"denominator\": 100},"
                + "{\"metric\": \"" + conversion + "\", \"timestamp\": \"" + day.plusSeconds(180) + "\", \"value\": 1},"
                + "{\"metric\": \"" + latency + "\", \"timestamp\": \"" + day.plusSeconds(60) + "\", \"value\": 100},"
                + "{\"metric\": \"" + latency + "\", \"timestamp\": \"" + day.plusSeconds(70) + "\", \"value\": 300},"
                + "{\"metric\": \"" + active + "\", \"timestamp\": \"" + day.plusSeconds(500) + "\", \"value\": 42},"
                + "{\"metric\": \"" + active + "\", \"timestamp\": \"" + day.plusSeconds(100) + "\", \"value\": 7}]";
        caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body(body)
                .post("/api/points")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(6))
                .body("rejections[0].index", equalTo(2))
                .body("rejections[0].reason", containsString("numerator and denominator"));

        series(conversion, day)
                .body("buckets[0].value", equalTo(0.05f))
                .body("buckets[0].denominator", equalTo(200.0f))
                .body("buckets[0].min", nullValue());
        series(latency, day).body("buckets[0].value", equalTo(200.0f)).body("buckets[0].count", equalTo(2));
        series(active, day).body("buckets[0].value", equalTo(42.0f));
    }

    @Test
    void answers422WhenNothingCanBeTakenAnd400ForAnEmptyBody() {
        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-ndjson")
                .body((line("not.registered", Metrics.daysAgo(1), "1", null) + "\nnot json\n").getBytes())
                .post("/api/points")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", contains("line 1.metric", "line 2"));
        // a JSON array names its elements by position (it is mostly one line: "line 1" would name them all)
        caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body(("[" + line("not.registered", Metrics.daysAgo(1), "1", null) + ", 7, "
                                + line("not.registered", Metrics.daysAgo(1), "2", null) + "]")
                        .getBytes())
                .post("/api/points")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", contains("[0].metric", "[1]", "[2].metric"))
                .body("detail", containsString("first: [0]: metric: "));
        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-ndjson")
                .body(new byte[0])
                .post("/api/points")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void refusesABodyOverTenMebibytesBeforeReadingIt() throws Exception {
        // announce 50 MiB and send none of it: the answer comes from the length alone
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.getOutputStream()
                    .write(("POST /api/points HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                                    + "Authorization: Bearer "
                                    + dev.whatmoved.testing.TestTokens.withScopes(Scopes.METRICS_WRITE)
                                    + "\r\nContent-Length: " + (50 * 1024 * 1024) + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            var in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                head.append((char) in.readUnsignedByte());
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                    .matcher(head);
            byte[] body = new byte[length.find() ? Integer.parseInt(length.group(1)) : 0];
            in.readFully(body);
            String answer = head + new String(body, java.nio.charset.StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThat(answer)
                    .startsWith("HTTP/1.1 413")
                    .contains("application/problem+json")
                    .contains("at most 10485760");
        }
    }

    private static io.restassured.response.ValidatableResponse series(String metric, Instant day) {
        return caller(Scopes.READ)
                .queryParam("from", day.toString())
                .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                .get("/api/metrics/" + metric + "/series")
                .then()
                .statusCode(200)
                .body("buckets", hasSize(1));
    }

    @Test
    void aBrokenJsonArrayOrALineWithTwoPointsTakesNothingOfIt() {
        String visits = Metrics.register(Metrics.key("visits"), "sum");
        Instant day = Metrics.daysAgo(3);
        String point = line(visits, day.plusSeconds(3600), "7", null);
        for (String broken : new String[] {"[" + point + ",]", "[" + point, "[" + point + "] [" + point + "]"}) {
            caller(Scopes.METRICS_WRITE)
                    .contentType("application/json")
                    .body(broken)
                    .post("/api/points")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", containsString("malformed-json"));
        }
        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-ndjson")
                .body((point + " " + point + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/points")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("line 1"));
        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-ndjson")
                .body("[]".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/points")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        caller(Scopes.READ)
                .queryParam("from", day.toString())
                .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                .get("/api/metrics/" + visits + "/series")
                .then()
                .statusCode(200)
                .body("buckets", hasSize(0));
    }

    static String line(String metric, Instant at, String value, String dimensions) {
        return "{\"metric\": \"" + metric + "\", \"timestamp\": \"" + at + "\", \"value\": " + value
                + (dimensions == null ? "" : ", \"dimensions\": " + dimensions) + "}";
    }
}
