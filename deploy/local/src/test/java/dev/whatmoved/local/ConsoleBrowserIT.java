package dev.whatmoved.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
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

    /**
     * Run in every page before its own scripts (DevTools' addScriptToEvaluateOnNewDocument): a dialog a payload opens
     * is recorded instead of shown, and every Content-Security-Policy violation is recorded (none may happen: a
     * violation is either an injection the policy stopped or the policy breaking the page).
     */
    private static final String BEFORE_EACH_PAGE =
            """
            window.__dialogs = [];
            for (const name of ['alert', 'confirm', 'prompt']) {
              window[name] = (message) => { window.__dialogs.push(name + ': ' + message); };
            }
            window.__violations = [];
            document.addEventListener('securitypolicyviolation',
                (e) => window.__violations.push(e.effectiveDirective + ' blocked ' + e.blockedURI + ' ' + (e.sample || '')));
            """;

    // Stored XSS: each payload marks where it came from when it runs (window.__xss = 'the field').
    private static final String XSS_FEATURE = "xss-probe";
    private static final String XSS_METRIC = "xss.probe";
    private static final LocalDate XSS_RELEASE_DAY = TODAY.minusDays(5);

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
    private String metricsUrl;
    private String exporter;

    @BeforeAll
    void startThePlatformSeedItAndOpenABrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian's chromium and chromium-driver): run deploy/local/install-browser.sh");
        }
        ports = PortCheck.freePorts(PlatformEnv.PORTS);
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
        metricsUrl = platform.serviceUrl("metrics").toString();
        exporter = platform.token("analytics-export", "metrics:write");
        seed(metricsUrl, exporter);
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
        assertThat(legendColourMismatches("chart-outputs-outcomes")).isEmpty();
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
        // beside it, what was predicted: a line and its range on the same days
        assertThat(points(impact, "predicted")).isEqualTo(points(impact, "counterfactual"));
        assertThat(legendColourMismatches("chart-prediction-1")).isEmpty();
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
        // the pins: one series (and legend entry) per verdict
        assertThat(metric.stream()
                        .filter(s -> String.valueOf(s.get("name")).startsWith("releases: "))
                        .mapToLong(s -> ((Number) s.get("points")).longValue())
                        .sum())
                .isEqualTo(2);
        assertThat(legendColourMismatches("chart-metric")).isEmpty();
        String hover = (String) ((JavascriptExecutor) browser)
                .executeScript("const c = echarts.getInstanceByDom(document.getElementById('chart-metric'));"
                        + " const s = c.getOption().series.find(s => s.name.startsWith('releases: '));"
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

    /**
     * Stored XSS (issue 22): markup and script in every text field the services store, sent through their real APIs,
     * then every page opened and every chart's tooltip shown (each data point, and a real mouse over the release pin):
     * nothing may run, no dialog open, no event-handler attribute or inline script appear in the DOM, no
     * Content-Security-Policy violation happen, and every chart must still be drawn (stored text must not break the
     * charts' JSON). The payloads are seen as text.
     */
    @Test
    @Order(5)
    void storedMarkupIsShownAsTextAndNothingInItRunsOnAnyPage() throws Exception {
        Map<String, String> p = payloads();
        String xssRelease = seedPayloads(p);

        List<String> findings = new ArrayList<>();
        Map<String, List<String>> tooltips = new LinkedHashMap<>();
        for (String path : List.of(
                "/",
                "/features",
                "/features?team=" + query(p.get("team")),
                "/features/" + XSS_FEATURE,
                "/features/" + query(p.get("url-path")),
                "/releases",
                "/releases/" + xssRelease,
                "/metrics",
                "/metrics/" + XSS_METRIC,
                "/metrics/" + METRIC,
                "/calibration",
                "/calibration?team=" + query(p.get("team")),
                "/calibration?owner=" + query(p.get("owner")))) {
            open(path);
            tooltips.put(path, showEveryTooltip());
            if (path.equals("/metrics/" + METRIC)) {
                String hover = hoverThePin(xssRelease);
                screenshot("xss-release-pin");
                if (!hover.contains(p.get("service"))) {
                    findings.add(path + ": the pin's tooltip on hover does not read the service as text: " + hover);
                }
            }
            findings.addAll(whatRan(path));
        }

        assertThat(findings).as("what ran, or broke, on the console's pages").isEmpty();
        // The tooltips did show the stored text, as text: the pin on the metric names the release's service.
        assertThat(String.join("\n", tooltips.get("/metrics/" + METRIC)))
                .contains(p.get("service"))
                .contains(p.get("version"));
        assertThat(String.join("\n", tooltips.get("/"))).contains(p.get("team"));
        open("/features/" + XSS_FEATURE);
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(p.get("title"));
        assertThat(browser.findElement(By.id("history")).getText()).contains(p.get("reason"));
    }

    /** One payload per stored field, each naming its field when it runs; within the fields' size limits. */
    private static Map<String, String> payloads() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("title", "<img src=x onerror=\"window.__xss='title'\"> {{constructor.constructor('window.__xss=1')()}}");
        p.put("team", "<!--<script> \"><svg onload=\"window.__xss='team'\">");
        p.put("owner", "' onmouseover='window.__xss=1' <img src=x onerror=\"window.__xss='owner'\">");
        p.put("problem", "</script><script>window.__xss='problem'</script> javascript:window.__xss='problem'");
        p.put(
                "reason",
                "<svg><script>window.__xss='reason'</script></svg> <a href=\"javascript:window.__xss=1\">x</a>");
        p.put("service", "<img src=x onerror=\"window.__xss='service'\">");
        p.put("version", "</script><script>window.__xss='version'</script>{b}{c|x}");
        p.put("environment", "\"><svg onload=\"window.__xss='environment'\">");
        p.put("description", "<iframe src=\"javascript:window.parent.__xss='description'\"></iframe>");
        p.put("name", "<img src=x onerror=\"window.__xss='metric name'\">");
        p.put("unit", "<svg onload=\"window.__xss='unit'\">");
        p.put("metric-description", "<!--<script>window.__xss='metric description'</script>-->");
        p.put("dimension", "<img src=x onerror=\"window.__xss='dimension'\">");
        p.put("url-path", "<img src=x onerror=\"window.__xss='url'\">");
        return p;
    }

    /** The payloads through the services' APIs; the release's first checkpoint measured. Returns the release id. */
    private String seedPayloads(Map<String, String> p) {
        given().auth()
                .oauth2(exporter)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "key", XSS_METRIC,
                        "name", p.get("name"),
                        "unit", p.get("unit"),
                        "aggregation", "sum",
                        "goodDirection", "up",
                        "dimensions", List.of("plan"),
                        "description", p.get("metric-description")))
                .post(metricsUrl + "/api/metrics")
                .then()
                .statusCode(201);
        List<Map<String, Object>> points = new ArrayList<>();
        for (LocalDate day = TODAY.minusDays(5); day.isBefore(TODAY); day = day.plusDays(1)) {
            points.add(Map.of(
                    "timestamp", day + "T12:00:00Z", "value", 10, "dimensions", Map.of("plan", p.get("dimension"))));
        }
        given().auth()
                .oauth2(exporter)
                .contentType(ContentType.JSON)
                .body(points)
                .post(metricsUrl + "/api/metrics/" + XSS_METRIC + "/points")
                .then()
                .statusCode(202);

        given().auth()
                .oauth2(lead)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "key",
                        XSS_FEATURE,
                        "title",
                        p.get("title"),
                        "team",
                        p.get("team"),
                        "owner",
                        p.get("owner"),
                        "problem",
                        p.get("problem"),
                        "predictions",
                        List.of(Map.of(
                                "metric", METRIC, "direction", "up", "expectedChangePct", 2, "confidence", 0.6))))
                .post(features + "/api/features")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(lead)
                .post(features + "/api/features/" + XSS_FEATURE + "/commit")
                .then()
                .statusCode(200);
        // Amended after the commit (a committed prediction changes only so): the history shows the reason.
        given().auth()
                .oauth2(lead)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "prediction",
                        1,
                        "reason",
                        p.get("reason"),
                        "amended",
                        Map.of("metric", METRIC, "direction", "up", "expectedChangePct", 3, "confidence", 0.7)))
                .post(features + "/api/features/" + XSS_FEATURE + "/amendments")
                .then()
                .statusCode(201);

        String id = given().auth()
                .oauth2(ci)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "service", p.get("service"),
                        "version", p.get("version"),
                        "environment", p.get("environment"),
                        "commit", "1e4c2a9b7d3f5e8a0c6b2d4f1a3e5c7b9d0f2a4c",
                        "deployedAt", XSS_RELEASE_DAY + "T09:00:00Z",
                        "features", List.of(XSS_FEATURE),
                        "description", p.get("description")))
                .post(features + "/api/releases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> given().auth()
                                .oauth2(viewer)
                                .get(attribution + "/api/releases/" + id + "/outcomes")
                                .then()
                                .extract()
                                .jsonPath(),
                        json -> json.getString("outcomes.find { it.checkpointDays == 1 }.measuredAt") != null);
        return id;
    }

    /**
     * Shows the tooltip of every data point of every series of every chart on the page (ECharts' showTip: the same
     * formatter a hover runs); returns the tooltips' text.
     */
    @SuppressWarnings("unchecked")
    private List<String> showEveryTooltip() {
        return new ArrayList<>(
                (List<String>)
                        ((JavascriptExecutor) browser)
                                .executeScript(
                                        """
                const texts = new Set();
                for (const element of document.querySelectorAll('.chart')) {
                  const chart = window.echarts && echarts.getInstanceByDom(element);
                  if (!chart) { continue; }
                  chart.getOption().series.forEach((series, seriesIndex) => {
                    (series.data || []).forEach((_, dataIndex) => {
                      chart.dispatchAction({ type: 'showTip', seriesIndex, dataIndex });
                      texts.add(element.textContent);
                    });
                  });
                  chart.dispatchAction({ type: 'hideTip' });
                }
                return [...texts];
                """));
    }

    /**
     * A real mouse over the release's pin on the metric chart, on the pin's head (its point is on the line, which takes
     * the hover there); returns the tooltip's text.
     */
    private String hoverThePin(String releaseId) throws InterruptedException {
        WebElement element = browser.findElement(By.id("chart-metric"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) ((JavascriptExecutor) browser)
                .executeScript(
                        """
                        const chart = echarts.getInstanceByDom(arguments[0]);
                        const all = chart.getOption().series;
                        const series = all.findIndex((s) => s.name.startsWith('releases: ')
                            && s.data.some((d) => d.release && d.release.releaseId === arguments[1]));
                        const pin = series < 0 ? null : all[series].data.find((d) => d.release.releaseId === arguments[1]);
                        return pin ? chart.convertToPixel({ seriesIndex: series }, pin.value) : null;
                        """,
                        element,
                        releaseId);
        assertThat(at).as("the release's pin on the metric chart").isNotNull();
        int width = element.getRect().getWidth();
        int height = element.getRect().getHeight();
        new Actions(browser)
                .moveToElement(
                        element, at.get(0).intValue() - width / 2, at.get(1).intValue() - 10 - height / 2)
                .perform();
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(5))
                    .until(b -> element.getText().contains("features:") ? element.getText() : null);
        } catch (TimeoutException e) {
            return "(no tooltip shown)";
        }
    }

    /** What ran or broke on the open page: payload marks, dialogs, handlers and scripts in the DOM, CSP violations. */
    @SuppressWarnings("unchecked")
    private List<String> whatRan(String path) throws InterruptedException {
        Thread.sleep(400); // an <img src=x onerror> runs once its request failed
        try {
            browser.switchTo().alert();
            return List.of(path + ": a dialog opened");
        } catch (NoAlertPresentException expected) {
            // none: the dialogs are also recorded below
        }
        List<String> found = (List<String>)
                ((JavascriptExecutor) browser)
                        .executeScript(
                                """
                const found = [];
                if (window.__xss !== undefined) { found.push('a payload ran: window.__xss = ' + window.__xss); }
                for (const dialog of window.__dialogs || []) { found.push('a dialog: ' + dialog); }
                for (const violation of window.__violations || []) { found.push('CSP violation: ' + violation); }
                for (const element of document.querySelectorAll('*')) {
                  for (const attribute of element.attributes) {
                    if (attribute.name.startsWith('on')) {
                      found.push('an event handler in the DOM: <' + element.localName + ' ' + attribute.name + '>');
                    }
                    if (/^\\s*javascript:/i.test(attribute.value)) {
                      found.push('a javascript: URL in the DOM: <' + element.localName + ' ' + attribute.name + '>');
                    }
                  }
                }
                for (const script of document.querySelectorAll('script')) {
                  if (!script.src && !(script.id === 'charts' && script.type === 'application/json')) {
                    found.push('an inline script in the DOM: ' + script.outerHTML.slice(0, 80));
                  }
                }
                for (const element of document.querySelectorAll('.chart')) {
                  if (!element.classList.contains('unavailable') && !(window.echarts && echarts.getInstanceByDom(element))) {
                    found.push('a chart not drawn: #' + element.id);
                  }
                }
                if (document.querySelectorAll('script#charts').length !== 1) {
                  found.push('the charts data element is broken');
                }
                return found;
                """);
        return found.stream().map(f -> path + ": " + f).toList();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
                        json -> json.getString("outcomes.find { it.checkpointDays == 1 }.measuredAt") != null
                                && json.getString("outcomes.find { it.checkpointDays == 7 }.measuredAt") != null);
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
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_WAIT);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", BEFORE_EACH_PAGE));
        return driver;
    }

    private void open(String path) {
        browser.get(console + path);
    }

    /**
     * The series of the chart drawn in the element whose legend entry would not show the colour they are drawn in: a
     * series' legend symbol takes the series' colour, so each must be the colour of its line, items and area.
     */
    @SuppressWarnings("unchecked")
    private List<String> legendColourMismatches(String elementId) {
        return (List<String>) ((JavascriptExecutor) browser)
                .executeScript(
                        """
                        const chart = echarts.getInstanceByDom(document.getElementById(arguments[0]));
                        const option = chart.getOption();
                        const shown = (option.legend && option.legend[0] && option.legend[0].data) || option.series.map((s) => s.name);
                        const names = new Set(shown.map((d) => (typeof d === 'string' ? d : d.name)));
                        const same = (style) => !style || style.color == null || style.color === undefined;
                        return option.series.filter((s) => names.has(s.name)).filter((s) => !s.color
                            || !(same(s.lineStyle) || s.lineStyle.color === s.color)
                            || !(same(s.itemStyle) || s.itemStyle.color === s.color)
                            || !(same(s.areaStyle) || s.areaStyle.color === s.color)).map((s) => s.name);
                        """,
                        elementId);
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
