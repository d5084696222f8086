package dev.whatmoved.attribution;

import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The ad-hoc analysis API: CausalImpact on the caller's own data. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class AnalysesTest {

    private static final double[] WEEK = {4, 6, 7, 5, 2, -12, -12};

    @Test
    void findsAKnownEffectAgainstAControlAndAWeeklyCycle() {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double shock = 0;
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int t = 0; t < 70; t++) {
            shock = 0.7 * shock + 6 * (random.nextDouble() - 0.5);
            double control = 300 + 3 * WEEK[t % 7] + shock;
            x.add(round(control));
            y.add(round(100 + 0.5 * control + 2 * (random.nextDouble() - 0.5) + (t >= 49 ? 8 : 0)));
        }
        y.set(10, null); // a missing day

        JsonPath answer = analyse(
                        """
                        {"response": %s, "controls": [%s], "prePeriod": [0, 48], "postPeriod": [49, 69], "season": 7}
                        """
                                .formatted(json(y), json(x)))
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();

        assertThat(answer.getDouble("alpha")).isEqualTo(0.05);
        assertThat(answer.getDouble("average.absEffectLower")).isLessThan(8).isPositive();
        assertThat(answer.getDouble("average.absEffectUpper")).isGreaterThan(8);
        assertThat(answer.getDouble("cumulative.absEffect"))
                .isCloseTo(21 * answer.getDouble("average.absEffect"), org.assertj.core.data.Offset.offset(0.01));
        assertThat(answer.getDouble("p")).isLessThan(0.001);
        assertThat(answer.getDouble("minimumDetectableEffect.absolute"))
                .isPositive()
                .isLessThan(8);
        assertThat(answer.getList("pointwise")).hasSize(70);
        assertThat(answer.getString("pointwise[49].period")).isEqualTo("post");
        assertThat(answer.getString("pointwise[10].actual")).isNull();
        assertThat(answer.getInt("model.missing.pre")).isEqualTo(1);
        assertThat(answer.getInt("model.prePoints")).isEqualTo(48);
        assertThat(answer.getList("model.components", String.class)).contains("seasonal(7)", "regression(1)");
        assertThat(answer.getDouble("model.coefficients[0]")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void answersBadInputWithAProblemNamingTheField() {
        String series = "[1, 3, 2, 5, 4, 6, 5, 7, 6, 8]";
        rejects(
                "{\"response\": " + series + ", \"controls\": [[1, 2, 3]], \"prePeriod\": [0, 5],"
                        + " \"postPeriod\": [6, 9]}",
                "controls[0]",
                "lengths must match");
        rejects(
                "{\"response\": " + series + ", \"prePeriod\": [0, 6], \"postPeriod\": [6, 9]}",
                "postPeriod",
                "overlap");
        rejects(
                "{\"response\": " + series + ", \"prePeriod\": [0, 5], \"postPeriod\": [6, 10]}",
                "postPeriod",
                "inside the series");
        rejects(
                "{\"response\": " + series + ", \"prePeriod\": [5, 0], \"postPeriod\": [6, 9]}",
                "prePeriod",
                "reversed");
        rejects(
                "{\"response\": " + series + ", \"prePeriod\": [0, 1], \"postPeriod\": [6, 9]}",
                "prePeriod",
                "at least 3");
        rejects(
                "{\"response\": [1, null, null, 4, 5, 6], \"prePeriod\": [0, 3], \"postPeriod\": [4, 5]}",
                "prePeriod",
                "at least 3");
        rejects(
                "{\"response\": [2, 2, 2, 2, 2, 2, 5, 5], \"prePeriod\": [0, 5], \"postPeriod\": [6, 7]}",
                "response",
                "constant");
        rejects(
                "{\"response\": [1, \"NaN\", 3, 4, 5, 6], \"prePeriod\": [0, 3], \"postPeriod\": [4, 5]}",
                "response[1]",
                "");
        rejects(
                "{\"response\": " + series + ", \"controls\": [[1, 2, 3, 4, 5, 6, 7, 8, null, 10]],"
                        + " \"prePeriod\": [0, 5], \"postPeriod\": [6, 9]}",
                "controls[0][8]",
                "must be a number");
        rejects(
                "{\"response\": " + series + ", \"prePeriod\": [0, 5], \"postPeriod\": [6, 9], \"season\": 1}",
                "season",
                "at least 2");
        rejects(
                "{\"response\": " + series + ", \"prePeriod\": [0, 5], \"postPeriod\": [6, 9], \"season\": 7}",
                "season",
                "longer than the pre-period");
        rejects(
                "{\"response\": " + series + ", \"prePeriod\": [0, 5], \"postPeriod\": [6, 9], \"alpha\": 0.7}",
                "alpha",
                "less than 0.5");
        rejects("{\"prePeriod\": [0, 5], \"postPeriod\": [6, 9]}", "response", "non-empty");
    }

    @Test
    void aRequestOverTheWorkBudgetIsRefusedAtOnceNamingWhatWouldFit() {
        // 10,000 points with a season of 168 (each within its own limit) would hold a core for minutes
        String huge = AnalysisBudgetTest.request(10_000, 9_000, 168);
        long start = System.nanoTime();
        analyse(huge)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/analysis-too-large"))
                .body("detail", containsString("whatmoved.analyses.max-work"))
                .body("errors.field", contains("prePeriod", "season"))
                .body("errors[0].message", containsString("has 10,000 points; at most 215 fit"))
                .body("errors[1].message", containsString("at most 11 fits"));
        assertThat((System.nanoTime() - start) / 1e9)
                .as("refused before any work")
                .isLessThan(5);

        // what fits is served, by the same caller, at once
        analyse(AnalysisBudgetTest.request(200, 150, 7)).then().statusCode(200);
    }

    @Test
    void needsAToken() {
        given().contentType(ContentType.JSON)
                .body("{\"response\": [1, 2, 3, 4, 5], \"prePeriod\": [0, 2], \"postPeriod\": [3, 4]}")
                .post("/api/analyses")
                .then()
                .statusCode(401);
    }

    private static void rejects(String body, String field, String message) {
        analyse(body)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString(message));
    }

    private static io.restassured.response.Response analyse(String body) {
        return caller(Scopes.READ).contentType(ContentType.JSON).body(body).post("/api/analyses");
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String json(List<Double> values) {
        List<String> parts = new ArrayList<>();
        for (Double v : values) {
            parts.add(v == null ? "null" : String.format(Locale.ROOT, "%.2f", v));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
