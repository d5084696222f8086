package dev.whatmoved.attribution;

import static dev.whatmoved.attribution.OutcomeFixtures.TODAY;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitCheckpoints;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitRollups;
import static dev.whatmoved.attribution.OutcomeFixtures.outcome;
import static dev.whatmoved.attribution.OutcomeFixtures.outcomes;
import static dev.whatmoved.attribution.OutcomeFixtures.prediction;
import static dev.whatmoved.attribution.OutcomeFixtures.publishFeature;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRelease;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRollups;
import static dev.whatmoved.attribution.OutcomeFixtures.refresh;
import static dev.whatmoved.attribution.OutcomeFixtures.series;
import static dev.whatmoved.attribution.OutcomeFixtures.unique;
import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import dev.whatmoved.attribution.service.OutcomeEngine;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The calendar of known events: its API (JSON and CSV, idempotent, validated, scoped), and its effect on outcomes: the
 * days of an event on a release's metric are read as missing, and posting or removing it makes a new version. Events
 * on every metric are put in the 2040s, far from any test's data, since the database is shared by the test classes.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class KnownEventsTest {

    @Inject
    OutcomeEngine engine;

    @Test
    void anEventIsStoredOnceListedReadAndRemoved() {
        String metric = unique("checkout.conversions");
        String name = unique("Black Friday");
        String body =
                """
                {"name": "%s", "kind": "holiday", "from": "2041-11-27", "to": "2041-11-30", "metrics": ["%s"]}
                """
                        .formatted(name, metric);
        Response created = post(Scopes.FEATURES_WRITE, body);
        created.then().statusCode(201).header("Location", containsString("/api/events/"));
        JsonPath event = created.jsonPath();
        String id = event.getString("id");
        assertThat(created.header("Location")).endsWith("/api/events/" + id);
        assertThat(event.getString("name")).isEqualTo(name);
        assertThat(event.getString("kind")).isEqualTo("holiday");
        assertThat(event.getString("from")).isEqualTo("2041-11-27");
        assertThat(event.getString("to")).isEqualTo("2041-11-30");
        assertThat(event.getList("metrics")).containsExactly(metric);
        assertThat(event.getBoolean("global")).isFalse();

        // the same name, days and metrics (listed twice, in another order, of another kind): the same event, 200
        Response again = post(
                Scopes.ADMIN,
                """
                {"name": "%s", "kind": "campaign", "from": "2041-11-27", "to": "2041-11-30", "metrics": ["%s", "%s"]}
                """
                        .formatted(name, metric, metric));
        again.then().statusCode(200);
        assertThat(again.jsonPath().getString("id")).isEqualTo(id);
        assertThat(again.jsonPath().getString("kind")).isEqualTo("holiday");
        // other days: another event
        String otherDays = post(Scopes.FEATURES_WRITE, body.replace("2041-11-30", "2041-11-29"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // an event on every metric
        String global = post(
                        Scopes.FEATURES_WRITE,
                        """
                        {"name": "%s", "kind": "incident", "from": "2041-11-29", "to": "2041-12-02"}
                        """
                                .formatted(unique("tracking outage")))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(caller(Scopes.READ).get("/api/events/" + global).jsonPath().getBoolean("global"))
                .isTrue();

        assertThat(list("?metric=" + metric + "&from=2041-11-01&to=2041-12-31")).containsExactly(otherDays, id, global);
        assertThat(list("?metric=" + metric + "&from=2041-11-30&to=2041-12-31")).containsExactly(id, global);
        assertThat(list("?metric=another.metric&from=2041-11-01&to=2041-12-31")).containsExactly(global);
        assertThat(list("?from=2041-12-01&to=2041-12-31")).containsExactly(global);
        caller(Scopes.READ)
                .get("/api/events?from=2041-12-01&to=2041-11-01")
                .then()
                .statusCode(400);
        caller(Scopes.READ).get("/api/events?from=yesterday").then().statusCode(400);
        caller(Scopes.READ).get("/api/events/" + id).then().statusCode(200).contentType(ContentType.JSON);

        for (String each : List.of(id, otherDays, global)) {
            caller(Scopes.FEATURES_WRITE).delete("/api/events/" + each).then().statusCode(204);
        }
        caller(Scopes.READ).get("/api/events/" + id).then().statusCode(404);
        caller(Scopes.FEATURES_WRITE).delete("/api/events/" + id).then().statusCode(404);
        assertThat(list("?metric=" + metric + "&from=2041-11-01&to=2041-12-31")).isEmpty();
    }

    @Test
    void onlyProductLeadsChangeTheCalendarAndReadersReadIt() {
        String body =
                """
                {"name": "%s", "kind": "campaign", "from": "2042-01-01", "to": "2042-01-02", "metrics": ["a.b"]}
                """
                        .formatted(unique("sale"));
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/events")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"));
        given().get("/api/events").then().statusCode(401);
        for (String scope : List.of(Scopes.READ, Scopes.RELEASES_WRITE, Scopes.METRICS_WRITE)) {
            post(scope, body)
                    .then()
                    .statusCode(403)
                    .contentType(startsWith("application/problem+json"))
                    .body("detail", containsString(Scopes.FEATURES_WRITE));
            caller(scope)
                    .contentType("text/csv")
                    .body("name,kind,from,to\nx,other,2042-01-01,2042-01-01\n")
                    .post("/api/events")
                    .then()
                    .statusCode(403);
        }
        caller(Scopes.FEATURES_WRITE).get("/api/events").then().statusCode(403);
        String id = post(Scopes.FEATURES_WRITE, body)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        caller(Scopes.READ).delete("/api/events/" + id).then().statusCode(403);
        caller(Scopes.READ).get("/api/events/" + id).then().statusCode(200);
        caller(Scopes.ADMIN).delete("/api/events/" + id).then().statusCode(204);
    }

    @Test
    void aBadEventIsAnsweredWithTheFieldsAtFault() {
        assertInvalid("{}", "name", "kind", "from", "to");
        assertInvalid(
                """
                {"name": "  ", "kind": "party", "from": "2042-02-30", "to": "02/03/2042"}
                """,
                "name",
                "kind",
                "from",
                "to");
        assertInvalid(
                """
                {"name": "%s", "kind": "other", "from": "2042-01-01", "to": "2042-01-01"}
                """
                        .formatted("x".repeat(201)),
                "name");
        assertInvalid(
                """
                {"name": "tab\\there", "kind": "other", "from": "2042-01-01", "to": "2042-01-01"}
                """,
                "name");
        assertInvalid(
                """
                {"name": "backwards", "kind": "other", "from": "2042-01-02", "to": "2042-01-01"}
                """,
                "to");
        assertInvalid(
                """
                {"name": "a year and two days", "kind": "other", "from": "2042-01-01", "to": "2043-01-02"}
                """,
                "to");
        assertInvalid(
                """
                {"name": "bad metric", "kind": "other", "from": "2042-01-01", "to": "2042-01-01",
                 "metrics": ["ok.metric", "Not A Key"]}
                """,
                "metrics[1]");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= 100; i++) {
            many.append(i == 0 ? "" : ", ").append("\"m").append(i).append('"');
        }
        assertInvalid(
                """
                {"name": "too many", "kind": "other", "from": "2042-01-01", "to": "2042-01-01", "metrics": [%s]}
                """
                        .formatted(many),
                "metrics");
        // 366 days is the most (a leap year's worth)
        String id = post(
                        Scopes.FEATURES_WRITE,
                        """
                        {"name": "%s", "kind": "other", "from": "2044-01-01", "to": "2044-12-31", "metrics": ["x.y"]}
                        """
                                .formatted(unique("a leap year")))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        caller(Scopes.FEATURES_WRITE).delete("/api/events/" + id).then().statusCode(204);
    }

    @Test
    void aCsvCalendarIsImportedWhole() {
        String metric = unique("signups");
        String christmas = unique("Christmas");
        String sale = unique("Sale, winter");
        String csv = "\uFEFFname,kind,from,to,metrics\r\n"
                + christmas + ",holiday,2043-12-24,2043-12-26,\r\n"
                + "\"" + sale + "\",campaign,2043-01-05,2043-01-11," + metric + ";other.metric\r\n"
                + "\r\n"
                + "\"" + sale + "\",campaign,2043-01-05,2043-01-11,other.metric;" + metric + "\r\n";
        Response imported = csv(Scopes.FEATURES_WRITE, csv);
        imported.then().statusCode(201);
        JsonPath answer = imported.jsonPath();
        assertThat(answer.getInt("created")).isEqualTo(2);
        assertThat(answer.getInt("existing")).isEqualTo(1); // the last row names the second row's event
        assertThat(answer.getList("events.name")).containsExactly(christmas, sale, sale);
        assertThat(answer.getBoolean("events[0].global")).isTrue();
        assertThat(answer.getList("events[1].metrics")).containsExactly("other.metric", metric);
        assertThat(answer.getString("events[2].id")).isEqualTo(answer.getString("events[1].id"));

        // the same file again stores nothing
        Response again = csv(Scopes.FEATURES_WRITE, csv);
        again.then().statusCode(200);
        assertThat(again.jsonPath().getInt("created")).isZero();
        assertThat(again.jsonPath().getList("events.id")).isEqualTo(answer.getList("events.id"));

        // one bad row (or two) and nothing is stored; each is named by its line and field
        String fine = unique("fine");
        Response bad = csv(
                Scopes.FEATURES_WRITE,
                """
                name,kind,from,to,metrics
                %s,other,2043-03-01,2043-03-01,%s
                broken,other,2043-03-01,2043-31-01,%s
                worse,holidays,2043-03-01,2043-03-01,%s
                short,other,2043-03-01
                """
                        .formatted(fine, metric, metric, metric));
        bad.then().statusCode(400).contentType(startsWith("application/problem+json"));
        assertThat(bad.jsonPath().getList("errors.field")).containsExactly("line[3].to", "line[4].kind", "line[5]");
        assertThat(bad.jsonPath().getString("detail")).contains("line[3].to: must be an ISO date");
        assertThat(list("?metric=" + metric + "&from=2043-03-01&to=2043-03-01")).isEmpty();

        Response header = csv(Scopes.FEATURES_WRITE, "name,kind,start,to\nx,other,2043-03-01,2043-03-01\n");
        header.then().statusCode(400);
        assertThat(header.jsonPath().getList("errors.field")).containsExactly("header");
        csv(Scopes.FEATURES_WRITE, "name,kind,from,to,metrics\n").then().statusCode(400);
        Response unclosed = csv(Scopes.FEATURES_WRITE, "name,kind,from,to\n\"open,other,2043-03-01,2043-03-01\n");
        unclosed.then().statusCode(400);
        assertThat(unclosed.jsonPath().getList("errors.field")).containsExactly("line[2]");

        for (String id :
                answer.getList("events.id", String.class).stream().distinct().toList()) {
            caller(Scopes.FEATURES_WRITE).delete("/api/events/" + id).then().statusCode(204);
        }
    }

    /**
     * A campaign lifts the metric by 70 % on four days just after a release that did nothing: read as data, it looks
     * like the predicted rise; on the calendar, its days are missing and the rise is gone. Taken off the calendar, the
     * outcome is what it was at first.
     */
    @Test
    void aCampaignOnTheCalendarIsNotMistakenForTheReleasesEffect() {
        LocalDate releaseDay = TODAY.minusDays(16);
        LocalDate campaignFrom = releaseDay.plusDays(2);
        LocalDate campaignTo = releaseDay.plusDays(5);
        String metric = unique("orders");
        String feature = unique("wishlist");
        String release = UUID.randomUUID().toString();
        Map<LocalDate, Double> values =
                new HashMap<>(series(7, releaseDay.minusDays(120), TODAY.minusDays(1), Map.of()));
        for (LocalDate day = campaignFrom; !day.isAfter(campaignTo); day = day.plusDays(1)) {
            values.put(day, values.get(day) * 1.7);
        }
        publishRollups(metric, new java.util.TreeMap<>(values), 1);
        publishRelease(release, releaseDay, feature);
        publishFeature(feature, prediction(metric, "up", 5));
        awaitRollups(metric, values.size(), 1);
        awaitCheckpoints(release, 6);

        refresh(engine, Instant.now());
        Map<String, Object> first = outcome(outcomes(release), feature, 14);
        assertThat(first).containsEntry("version", 1).containsEntry("verdict", "moved-as-predicted");
        assertThat((Float) first.get("relEffect")).isGreaterThan(0.15f); // 4 days of +70 % over 14 days
        assertThat(data(first)).containsEntry("excludedDays", 0).containsEntry("postMissing", 0);

        // an event on another metric changes nothing here
        String elsewhere = postEvent("campaign", campaignFrom, campaignTo, unique("other"));
        assertThat(outcome(outcomes(release), feature, 14)).containsEntry("stale", false);

        String campaign = postEvent("campaign", campaignFrom, campaignTo, metric);
        JsonPath marked = outcomes(release);
        assertThat(outcome(marked, feature, 14)).containsEntry("stale", true);
        assertThat(outcome(marked, feature, 7)).containsEntry("stale", true);
        assertThat(outcome(marked, feature, 1)).containsEntry("stale", false); // its window ends before the campaign

        refresh(engine, Instant.now());
        JsonPath measured = outcomes(release);
        Map<String, Object> second = outcome(measured, feature, 14);
        assertThat(second).containsEntry("version", 2).containsEntry("stale", false);
        assertThat(second.get("verdict")).isIn("no-detectable-change", "inconclusive");
        // the rise was the campaign's: without its days, what is left is small, and below the first interval
        assertThat((Float) second.get("relEffect")).isLessThan(0.05f);
        assertThat((Float) second.get("relEffectUpper")).isLessThan((Float) first.get("relEffectLower"));
        assertThat(data(second)).containsEntry("excludedDays", 4).containsEntry("postMissing", 4);
        assertThat(outcome(measured, feature, 1)).containsEntry("version", 1);

        caller(Scopes.FEATURES_WRITE).delete("/api/events/" + campaign).then().statusCode(204);
        caller(Scopes.FEATURES_WRITE).delete("/api/events/" + elsewhere).then().statusCode(204);
        assertThat(outcome(outcomes(release), feature, 14)).containsEntry("stale", true);
        refresh(engine, Instant.now());
        Map<String, Object> third = outcome(outcomes(release), feature, 14);
        assertThat(third)
                .containsEntry("version", 3)
                .containsEntry("verdict", "moved-as-predicted")
                .containsEntry("relEffect", first.get("relEffect"));
        assertThat(data(third)).containsEntry("excludedDays", 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> outcome) {
        return (Map<String, Object>) outcome.get("data");
    }

    private static String postEvent(String kind, LocalDate from, LocalDate to, String metric) {
        return post(
                        Scopes.FEATURES_WRITE,
                        """
                        {"name": "%s", "kind": "%s", "from": "%s", "to": "%s", "metrics": ["%s"]}
                        """
                                .formatted(unique(kind), kind, from, to, metric))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static Response post(String scope, String body) {
        return caller(scope).contentType(ContentType.JSON).body(body).post("/api/events");
    }

    private static Response csv(String scope, String body) {
        return caller(scope).contentType("text/csv; charset=UTF-8").body(body).post("/api/events");
    }

    private static List<String> list(String query) {
        return caller(Scopes.READ)
                .get("/api/events" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
    }

    private static void assertInvalid(String body, String... fields) {
        Response response = post(Scopes.FEATURES_WRITE, body);
        response.then().statusCode(400).contentType(startsWith("application/problem+json"));
        assertThat(response.jsonPath().getString("type")).endsWith("/invalid-request");
        assertThat(response.jsonPath().getList("errors.field"))
                .as(response.asString())
                .containsExactly((Object[]) fields);
    }
}
