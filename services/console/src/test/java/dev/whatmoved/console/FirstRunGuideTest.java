package dev.whatmoved.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first look at the console ({@link FirstRunServices}): while the platform has no metric, no feature or
 * no release, the pages show "Getting started" with the next step's commands, naming the services' configured URLs.
 */
@QuarkusTest
@WithTestResource(FirstRunServices.class)
class FirstRunGuideTest {

    private static final String GUIDE = "id=\"getting-started\"";

    @Test
    void anEmptyPlatformShowsTheThreeStepsWithCommandsNamingTheConfiguredServices() {
        FirstRunServices.holding(0, 0, 0);
        String metrics = url("whatmoved.metrics-url");
        String features = url("whatmoved.features-url");

        String page = page("/");
        assertThat(page).contains(GUIDE);
        assertThat(step(page, "guide-metrics"))
                .contains("class=\"todo\"")
                .contains("No metric registered yet.")
                .contains(metrics + "/api/metrics \\")
                .contains(metrics + "/api/metrics/checkout.orders/history")
                .contains("./whatmoved token --scope metrics:write");
        assertThat(step(page, "guide-features"))
                .contains("class=\"todo\"")
                .contains(features + "/api/features -d")
                .contains(features + "/api/features/one-click-checkout/commit");
        assertThat(step(page, "guide-releases"))
                .contains("class=\"todo\"")
                .contains(features + "/api/releases/import")
                .contains("./whatmoved import releases --git ../checkout --tags &#39;v*&#39;")
                .contains("--url " + features)
                .contains(features + "/api/releases \\");
        // In order, and the commands are text: quotes escaped, not markup.
        assertThat(page.indexOf("id=\"guide-metrics\""))
                .isLessThan(page.indexOf("id=\"guide-features\""))
                .isLessThan(page.indexOf("id=\"guide-releases\""));
        assertThat(step(page, "guide-metrics")).contains("-d &#39;{&quot;key&quot;: &quot;checkout.orders&quot;");
        assertThat(page).contains("docs/onboarding.md");

        // The empty lists show it too.
        for (String list : new String[] {"/metrics", "/features", "/releases"}) {
            assertThat(page(list)).as(list).contains(GUIDE).contains(features + "/api/releases/import");
        }
    }

    @Test
    void withMetricsButNoFeatureTheFirstStepIsDoneAndTheSecondIsNext() {
        FirstRunServices.holding(3, 0, 0);
        String metrics = url("whatmoved.metrics-url");
        String features = url("whatmoved.features-url");

        for (String path : new String[] {"/", "/features", "/releases"}) {
            String page = page(path);
            assertThat(page).as(path).contains(GUIDE);
            assertThat(step(page, "guide-metrics"))
                    .as(path)
                    .contains("class=\"done\"")
                    .contains("done: 3 metrics registered")
                    .doesNotContain(metrics + "/api/metrics");
            assertThat(step(page, "guide-features"))
                    .as(path)
                    .contains("class=\"todo\"")
                    .contains("No feature registered yet.")
                    .contains(features + "/api/features -d");
        }
        // The catalogue has metrics: its page lists them, without the guide.
        assertThat(page("/metrics")).doesNotContain(GUIDE).contains("shop.metric-2");
    }

    @Test
    void withMetricsFeaturesAndReleasesThereIsNoGuide() {
        FirstRunServices.holding(3, 2, 5);

        assertThat(page("/")).doesNotContain(GUIDE).doesNotContain("Getting started");
        assertThat(page("/metrics")).doesNotContain(GUIDE);
        assertThat(page("/features")).doesNotContain(GUIDE).contains("feature-1");
        assertThat(page("/releases")).doesNotContain(GUIDE).contains("5 releases");
    }

    @Test
    void oneStepLeftShowsTheOthersDoneWithTheirCounts() {
        FirstRunServices.holding(1, 1, 0);

        String page = page("/");
        assertThat(step(page, "guide-metrics")).contains("done: 1 metric registered");
        assertThat(step(page, "guide-features")).contains("done: 1 feature registered");
        assertThat(step(page, "guide-releases")).contains("class=\"todo\"").contains("No release reported yet.");
    }

    private static String url(String key) {
        String url = ConfigProvider.getConfig().getValue(key, String.class);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String page(String path) {
        return given().when().get(path).then().statusCode(200).extract().asString();
    }

    /** One step's list item. */
    private static String step(String page, String id) {
        Matcher item = Pattern.compile("<li id=\"" + id + "\"(.*?)</li>", Pattern.DOTALL)
                .matcher(page);
        assertThat(item.find()).as(id).isTrue();
        return item.group(0);
    }
}
