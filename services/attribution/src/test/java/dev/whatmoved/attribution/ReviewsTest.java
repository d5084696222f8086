package dev.whatmoved.attribution;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /api/reviews: what a prediction's metric can detect, from its own rollups, before the release. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class ReviewsTest {

    @Test
    void theReviewGivesTheMdePerCheckpointAndTheFirstDayThePredictedChangeCanBeSeen() {
        String metric = OutcomeFixtures.unique("review.conversions");
        LocalDate from = OutcomeFixtures.TODAY.minusDays(120);
        LocalDate to = OutcomeFixtures.TODAY.minusDays(1);
        Map<LocalDate, Double> values = OutcomeFixtures.series(7, from, to, Map.of());
        OutcomeFixtures.publishRollups(metric, values, 1);
        OutcomeFixtures.awaitRollups(metric, values.size(), 1);

        JsonPath answer = caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"predictions": [
                          {"metric": "%1$s", "direction": "up", "changePct": 0.5},
                          {"metric": "%1$s", "direction": "down", "changePct": 30, "horizonDays": 30},
                          {"metric": "review.never-seen", "direction": "up", "changePct": 1}]}
                        """
                                .formatted(metric))
                .post("/api/reviews")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(answer.getString("method")).isEqualTo("state-space");
        // the release is assumed today, the day after the last day with data
        assertThat(answer.getString("reviews[0].releaseDay")).isEqualTo(OutcomeFixtures.TODAY.toString());
        assertThat(answer.getList("reviews[0].checkpoints.days", Integer.class)).containsExactly(1, 7, 14, 30, 60, 90);
        List<Float> mde = answer.getList("reviews[0].checkpoints.mdePct", Float.class);
        assertThat(mde).allSatisfy(m -> assertThat(m).isPositive());
        assertThat(mde.get(2)).isLessThan(mde.get(0)); // 14 days average out more noise than 1
        // the first looks decide at a stricter level (alpha spending), the last at most at 0.05
        List<Float> alphas = answer.getList("reviews[0].checkpoints.decisionAlpha", Float.class);
        assertThat(alphas.get(0)).isLessThan(alphas.get(5));
        assertThat(answer.getDouble("reviews[0].changePct")).isEqualTo(0.5);
        // noise of 1.5 % a day cannot show +0.5 % in a day
        assertThat(answer.getBoolean("reviews[0].checkpoints[0].detectable")).isFalse();
        Integer first = answer.get("reviews[0].firstDetectableDay");
        if (first == null) {
            assertThat(answer.getString("reviews[0].summary"))
                    .startsWith("your +0.5 % on " + metric + " cannot be told from noise at any checkpoint up to day"
                            + " 90");
        } else {
            assertThat(answer.getString("reviews[0].summary"))
                    .isEqualTo("your +0.5 % on " + metric + " cannot be told from noise before day " + first);
        }

        // a large predicted fall is seen from the first day; a 30-day horizon has four looks
        assertThat(answer.getList("reviews[1].checkpoints.days", Integer.class)).containsExactly(1, 7, 14, 30);
        assertThat(answer.getInt("reviews[1].firstDetectableDay")).isEqualTo(1);
        assertThat(answer.getString("reviews[1].summary"))
                .isEqualTo("your -30 % on " + metric + " can be told from noise from day 1");

        // a metric without data: no figures, and why
        assertThat(answer.getList("reviews[2].checkpoints.mdePct")).containsOnlyNulls();
        assertThat(answer.getString("reviews[2].checkpoints[0].reason"))
                .startsWith("too little data: 0 of 56 pre-period days have data");
        assertThat(answer.getString("reviews[2].firstDetectableDay")).isNull();
    }

    @Test
    void aBadPredictionIsAnsweredWithTheFieldsAtFault() {
        caller(Scopes.READ)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"predictions": [{"metric": "Checkout Conversions", "direction": "sideways",
                          "changePct": -2, "horizonDays": 400}]}
                        """)
                .post("/api/reviews")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        hasItems(
                                "predictions[0].metric",
                                "predictions[0].direction",
                                "predictions[0].changePct",
                                "predictions[0].horizonDays"));
        caller(Scopes.READ)
                .contentType(ContentType.JSON)
                .body("{\"predictions\": []}")
                .post("/api/reviews")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("predictions"));
        // an exporter's token reads nothing
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("{\"predictions\": [{\"metric\": \"a\", \"direction\": \"up\"}]}")
                .post("/api/reviews")
                .then()
                .statusCode(403);
    }
}
