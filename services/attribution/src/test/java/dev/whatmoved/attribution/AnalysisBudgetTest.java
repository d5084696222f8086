package dev.whatmoved.attribution;

import static dev.whatmoved.testing.TestTokens.callerAs;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits of {@code POST /api/analyses} in time and in analyses running at once, per caller (the token's subject)
 * and in all. A profile of its own: a timeout of 5 s, and a work budget large enough for an analysis that would run far
 * longer (the budget itself is tested in {@link AnalysesTest}, with the shipped configuration).
 */
@QuarkusTest
@TestProfile(AnalysisBudgetTest.TightLimits.class)
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class AnalysisBudgetTest {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    public static class TightLimits implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "whatmoved.analyses.timeout", TIMEOUT.getSeconds() + "s",
                    "whatmoved.analyses.max-work", "1000000000000",
                    "whatmoved.analyses.per-caller", "1",
                    "whatmoved.analyses.concurrent", "2",
                    "whatmoved.analyses.queue-wait", "300ms",
                    "whatmoved.analyses.retry-after", "5s");
        }
    }

    /** Requests in parallel (not the common pool: it has one thread on a 2-core machine). */
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

    /** 3,000 points with a season of 168: tens of seconds of CPU, were it not stopped. */
    private static final String SLOW = request(3000, 2250, 168);
    /** 30 points, no season: milliseconds. */
    private static final String QUICK = request(30, 20, 0);

    @BeforeEach
    void nothingRunsAndTheModelIsWarm() {
        await().atMost(Duration.ofSeconds(10)).until(AnalysisBudgetTest::running, equalTo(0));
        analyse("warm-up", QUICK).then().statusCode(200);
    }

    @Test
    void aCallerWithAnAnalysisRunningGets429OthersAreServedAndTheSlowOneIsStoppedAtTheTimeout() {
        long start = System.nanoTime();
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> analyse("alice", SLOW), CLIENTS);
        await().atMost(Duration.ofSeconds(4))
                .pollInterval(Duration.ofMillis(20))
                .until(AnalysisBudgetTest::running, equalTo(1));

        analyse("alice", QUICK)
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", endsWith("/too-many-analyses"))
                .body("detail", containsString("at most 1 at once"));
        analyse("bob", QUICK).then().statusCode(200);

        Response timedOut = slow.join();
        double waited = (System.nanoTime() - start) / 1e9;
        timedOut.then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", endsWith("/analysis-timeout"))
                .body("detail", containsString("did not finish within 5 s"));
        assertThat(waited).as("answered at the timeout").isBetween(5.0, 5.0 + 4);
        // the computation itself stopped (its slot is free long before it could have finished), and alice is served
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(20))
                .until(AnalysisBudgetTest::running, equalTo(0));
        analyse("alice", QUICK).then().statusCode(200);
    }

    @Test
    void withAsManyRunningAsAllowedInAllTheNextCallerGets503() {
        CompletableFuture<Response> alice = CompletableFuture.supplyAsync(() -> analyse("alice", SLOW), CLIENTS);
        CompletableFuture<Response> bob = CompletableFuture.supplyAsync(() -> analyse("bob", SLOW), CLIENTS);
        await().atMost(Duration.ofSeconds(4))
                .pollInterval(Duration.ofMillis(20))
                .until(AnalysisBudgetTest::running, equalTo(2));

        analyse("carol", QUICK)
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", endsWith("/analyses-busy"));

        assertThat(alice.join().statusCode()).isEqualTo(503);
        assertThat(bob.join().statusCode()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(20))
                .until(AnalysisBudgetTest::running, equalTo(0));
        analyse("carol", QUICK).then().statusCode(200);
    }

    private static Response analyse(String subject, String body) {
        return callerAs(subject, Scopes.READ)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/analyses");
    }

    private static final Pattern RUNNING = Pattern.compile("(?m)^whatmoved_analyses_running(?:\\{[^}]*})? (\\S+)$");

    /** What /q/metrics says is running. */
    private static int running() {
        Matcher m = RUNNING.matcher(given().get("/q/metrics").asString());
        return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    }

    /** A daily-looking series with a cycle of {@code season} (none when 0) and a step at {@code postStart}. */
    static String request(int points, int postStart, int season) {
        StringJoiner values = new StringJoiner(",", "[", "]");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int t = 0; t < points; t++) {
            double cycle = season > 0 ? 10 * Math.sin(2 * Math.PI * (t % season) / season) : 0;
            double v = 100 + cycle + 5 * random.nextDouble() + (t >= postStart ? 8 : 0);
            values.add(String.format(Locale.ROOT, "%.2f", v));
        }
        return "{\"response\": " + values + ", \"prePeriod\": [0, " + (postStart - 1) + "], \"postPeriod\": ["
                + postStart + ", " + (points - 1) + "]" + (season > 0 ? ", \"season\": " + season : "") + "}";
    }
}
