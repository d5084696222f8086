package dev.whatmoved.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person uses it: the packaged services and the console on one embedded platform, fed over the
 * services' APIs with a small quarter (a metric with two months of history, two features with predictions, releases
 * backdated so their checkpoints are due), looked at in headless Chromium (Debian's chromium and chromium-driver, see
 * install-browser.sh). Each test saves a screenshot under target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final LocalDate RELEASE_A_DAY = TODAY.minusDays(10);
    private static final LocalDate RELEASE_B_DAY = TODAY.minusDays(3);
    private static final String METRIC = "checkout.conversions";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(20);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final List<Long> pids = new ArrayList<>();
    private List<Integer> ports;
    private Platform platform;
    private WebDriver browser;
    private String console;
    private String features;
    private String attribution;
    private String lead;
    private String ci;
    private String viewer;
    private String releaseA;

    @BeforeAll
    void startThePlatformSeedItAndOpenABrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian's chromium and chromium-driver): run deploy/local/install-browser.sh");
        }
        ports = LeftBehind.freePorts(PlatformEnv.PORTS);
        Map<String, String> env = PlatformEnv.onPorts("console-it", ports);
        PlatformConfig config = PlatformConfig.from(env, List.of(), RepoHome.resolve());
        platform = new Platform(config, System.out);
        // The outcome job every few seconds instead of every minute, so due checkpoints are measured quickly.
        platform.addServiceEnv("attribution", Map.of("WHATMOVED_OUTCOMES_JOB_EVERY", "3s"));
        try {
            platform.startAll();
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        pids.addAll(platform.childPids());
        console = platform.serviceUrl("console").toString();
        features = platform.serviceUrl("features").toString();
        attribution = platform.serviceUrl("attribution").toString();
        lead = platform.token("product-lead", "features:write");
        ci = platform.token("ci-checkout", "releases:write");
        viewer = platform.token("viewer", "read");
        seed(platform.serviceUrl("metrics").toString(), platform.token("analytics-export", "metrics:write"));
        browser = chromium();
    }

    @AfterAll
    void closeEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.close();
            LeftBehind.assertNothingLeft(pids, ports);
        }
    }

    @Test
    @Order(1)
    void aNewOutcomeAppearsLiveOnAnOpenPage() throws Exception {
        open("/");
        new WebDriverWait(browser, PAGE_WAIT)
                .until(b -> b.findElement(By.id("live-state")).getText().equals("live"));

        // A second release, reported while the page is open: attribution measures its first checkpoint at once.
        String releaseB = report("checkout", "2026.11.9", RELEASE_B_DAY, "checkout-guest");

        WebElement live = new WebDriverWait(browser, Duration.ofSeconds(90))
                .until(b -> b.findElements(By.cssSelector("#live-list li.live-outcome")).stream()
                        .filter(li -> releaseB.equals(li.getDomAttribute("data-release-id")))
                        .findFirst()
                        .orElse(null));
        assertThat(live.getText()).contains("checkout-guest").contains(METRIC).contains("1 d");
        assertThat(browser.findElement(By.id("live-empty")).isDisplayed()).isFalse();
        screenshot("live-outcome");

        // The release that arrived second names the first as an overlapping release on the metric.
        live.findElement(By.linkText("1 d")).click();
        new WebDriverWait(browser, PAGE_WAIT).until(b -> b.getCurrentUrl().endsWith("/releases/" + releaseB));
        WebElement overlapping = browser.findElement(By.id("overlapping"));
        assertThat(overlapping.getText()).contains("checkout").contains("2026.11.3");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", overlapping);
        screenshot("release-overlapping");
    }

    @Test
    @Order(2)
    void theOverviewChartsOutputsAgainstOutcomesPerTeam() throws Exception {
        open("/");
        List<Map<String, Object>> series = chartSeries("chart-outputs-outcomes");
        assertThat(series).extracting(s -> s.get("name")).contains("releases", "moved as predicted");
        assertThat(points(series, "releases")).isEqualTo(2); // two teams, one row each
        assertThat(browser.findElement(By.id("outputs-table")).getText())
                .contains("payments")
                .contains("growth");
        assertThat(browser.findElement(By.id("latest-verdicts")).getText())
                .contains("moved-as-predicted")
                .contains("checkout-one-click");
        screenshot("overview");
    }

    @Test
    @Order(3)
    void featureToReleaseToMetricWithTheirCharts() throws Exception {
        open("/features");
        browser.findElement(By.linkText("checkout-one-click")).click();
        new WebDriverWait(browser, PAGE_WAIT).until(b -> b.getCurrentUrl().endsWith("/features/checkout-one-click"));

        // The prediction's chart: the metric, the release marked, the counterfactual and its band after it.
        List<Map<String, Object>> impact = chartSeries("chart-prediction-1");
        assertThat(points(impact, METRIC)).isGreaterThan(50);
        assertThat(points(impact, "counterfactual")).isGreaterThanOrEqualTo(7);
        assertThat(points(impact, "95 % interval")).isEqualTo(points(impact, "counterfactual"));
        assertThat(browser.findElement(By.id("history")).getText())
                .contains("v1")
                .contains("v2")
                .contains("the baseline was a holiday week");
        assertThat(browser.findElement(By.id("verdicts")).getText()).contains("moved-as-predicted");
        screenshot("feature");

        browser.findElement(By.cssSelector("#releases a.release-link")).click();
        new WebDriverWait(browser, PAGE_WAIT).until(b -> b.getCurrentUrl().endsWith("/releases/" + releaseA));
        assertThat(browser.findElement(By.id("release-facts")).getText())
                .contains("api")
                .contains("9fceb02d0ae598e95dc970b74767f19372d61af8")
                .contains("checkout-one-click");
        assertThat(points(chartSeries("chart-release-1"), "effect")).isGreaterThanOrEqualTo(2); // 1 d and 7 d
        screenshot("release");

        browser.findElement(By.cssSelector("a.metric-link")).click();
        new WebDriverWait(browser, PAGE_WAIT).until(b -> b.getCurrentUrl().endsWith("/metrics/" + METRIC));
        List<Map<String, Object>> metric = chartSeries("chart-metric");
        assertThat(points(metric, METRIC)).isGreaterThan(60);
        assertThat(points(metric, "releases")).isEqualTo(2);
        String hover = (String) ((JavascriptExecutor) browser)
                .executeScript("const c = echarts.getInstanceByDom(document.getElementById('chart-metric'));"
                        + " const s = c.getOption().series.find(s => s.name === 'releases');"
                        + " return s.tooltip.formatter({data: s.data[0]});");
        assertThat(hover)
                .contains("checkout 2026.11.3")
                .contains("checkout-one-click")
                .contains("effect +");
        assertThat(browser.findElement(By.id("moved")).getText()).contains("2026.11.3");
        screenshot("metric");
    }

    @Test
    @Order(4)
    void calibrationShowsTheReliabilityDiagramPredictedAgainstMeasuredAndTheBrierScore() throws Exception {
        open("/calibration");
        assertThat(points(chartSeries("chart-reliability"), "predictions")).isGreaterThanOrEqualTo(1);
        assertThat(points(chartSeries("chart-predicted-measured"), "predictions"))
                .isGreaterThanOrEqualTo(1);
        JsonPath calibration = given().auth()
                .oauth2(viewer)
                .get(attribution + "/api/calibration")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(browser.findElement(By.id("brier")).getText())
                .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", calibration.getDouble("brierScore")));
        assertThat(browser.findElement(By.id("by-team")).getText())
                .contains("payments")
                .contains("growth");
        screenshot("calibration");

        browser.findElement(By.linkText("payments")).click();
        new WebDriverWait(browser, PAGE_WAIT).until(b -> b.getCurrentUrl().endsWith("/calibration?team=payments"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("payments");
        assertThat(browser.findElement(By.id("calibration-predictions")).getText())
                .contains("checkout-one-click")
                .doesNotContain("checkout-guest");
    }

    // --- the data: the services' own APIs, as CI, an exporter and a product lead would call them ---------------------

    private void seed(String metrics, String exporter) {
        given().auth()
                .oauth2(exporter)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"key": "checkout.conversions", "name": "Checkout conversions", "unit": "orders",
                         "aggregation": "sum", "goodDirection": "up"}
                        """)
                .post(metrics + "/api/metrics")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(exporter)
                .contentType(ContentType.JSON)
                .body(points())
                .post(metrics + "/api/metrics/" + METRIC + "/points")
                .then()
                .statusCode(202);

        feature("checkout-one-click", "One-click checkout", "payments", "alice", 3, 0.7);
        // Amended before it shipped: the history shows both versions and the reason.
        given().auth()
                .oauth2(lead)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"prediction": 1, "reason": "the baseline was a holiday week",
                         "amended": {"metric": "checkout.conversions", "direction": "up", "expectedChangePct": 4,
                                     "confidence": 0.8}}
                        """)
                .post(features + "/api/features/checkout-one-click/amendments")
                .then()
                .statusCode(201);
        feature("checkout-guest", "Guest checkout", "growth", "bob", 5, 0.6);

        releaseA = report("checkout", "2026.11.3", RELEASE_A_DAY, "checkout-one-click");
        // attribution measures the due checkpoints (1 and 7 days) within seconds at the job interval set above
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> given().auth()
                                .oauth2(viewer)
                                .get(attribution + "/api/releases/" + releaseA + "/outcomes")
                                .then()
                                .extract()
                                .jsonPath(),
                        json -> json.getString("outcomes.find { it.checkpointDays == 7 }.measuredAt") != null);
    }

    private void feature(String key, String title, String team, String owner, double expectedPct, double confidence) {
        given().auth()
                .oauth2(lead)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"key": "%s", "title": "%s", "team": "%s", "owner": "%s",
                         "problem": "Shoppers drop out between cart and payment.",
                         "predictions": [{"metric": "checkout.conversions", "direction": "up",
                                          "expectedChangePct": %s, "confidence": %s}]}
                        """
                                .formatted(key, title, team, owner, expectedPct, confidence))
                .post(features + "/api/features")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(lead)
                .post(features + "/api/features/" + key + "/commit")
                .then()
                .statusCode(200);
    }

    private String report(String service, String version, LocalDate day, String feature) {
        return given().auth()
                .oauth2(ci)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "%s", "version": "%s", "environment": "production",
                         "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
                         "deployedAt": "%sT10:15:00Z", "features": ["%s"]}
                        """
                                .formatted(service, version, day, feature))
                .post(features + "/api/releases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /**
     * 60 days around 100 a day before release A, around 130 after it (a weekly cycle of ±3 % and a little
     * deterministic noise), up to yesterday: enough history for the model and a week after the release.
     */
    private static String points() {
        StringJoiner json = new StringJoiner(",", "[", "]");
        for (LocalDate day = RELEASE_A_DAY.minusDays(60); day.isBefore(TODAY); day = day.plusDays(1)) {
            double level = day.isAfter(RELEASE_A_DAY) ? 130 : 100;
            double weekly = 1 + 0.03 * Math.sin(2 * Math.PI * day.getDayOfWeek().getValue() / 7.0);
            double noise = ((day.getDayOfYear() * 37) % 11 - 5) * 0.2;
            json.add("{\"timestamp\": \"%sT12:00:00Z\", \"value\": %s}".formatted(day, level * weekly + noise));
        }
        return json.toString();
    }

    // --- the browser ----------------------------------------------------------------------------------------------

    /** Debian's chromium through its chromium-driver: nothing downloaded, no network, a fresh profile. */
    private static WebDriver chromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_WAIT);
        return driver;
    }

    private void open(String path) {
        browser.get(console + path);
    }

    /** Each series of the ECharts instance drawn in the element: its name and how many points it has with a value. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> chartSeries(String elementId) {
        return new WebDriverWait(browser, PAGE_WAIT).until(b -> (List<Map<String, Object>>) ((JavascriptExecutor) b)
                .executeScript(
                        """
                        const element = document.getElementById(arguments[0]);
                        const chart = element && window.echarts && echarts.getInstanceByDom(element);
                        if (!chart) { return null; }
                        const valued = (v) => v != null && !(Array.isArray(v) && v.some((x) => x == null))
                            && !(typeof v === 'object' && !Array.isArray(v) && v.value == null);
                        return chart.getOption().series.map((s) => ({
                            name: s.name, type: s.type, points: (s.data || []).filter(valued).length }));
                        """,
                        elementId));
    }

    private static long points(List<Map<String, Object>> series, String name) {
        return series.stream()
                .filter(s -> name.equals(s.get("name")))
                .mapToLong(s -> ((Number) s.get("points")).longValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + name + " in " + series));
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
