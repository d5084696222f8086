package dev.whatmoved.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Where a product lead reads verdicts, an interim checkpoint's verdict is labelled "early read" and each outcome says
 * how its interval was calibrated (placebo dates), on which scale the model worked and which history days it set
 * aside; outcomes measured before attribution reported these (the fields null, or missing from an older attribution)
 * still render, without the labels. The services are stubbed ({@link StubServices}).
 */
@QuarkusTest
@WithTestResource(StubServices.class)
class OutcomeDiagnosticsTest {

    private static final String EARLY_READ = "<span class=\"early-read\"";

    @Test
    void theReleasePageLabelsEarlyReadsAndSaysHowEachIntervalWasCalibrated() {
        String page = page("/releases/" + StubServices.RELEASE);

        // 1 d and 7 d are early reads; the pending 14 d and the guardrail's last look (7 d of 1 and 7) are not.
        assertThat(count(page, EARLY_READ)).isEqualTo(2);
        assertThat(text(page))
                .contains("title=\"interim checkpoint (look 2 of 6): decided at α = 0.2 %, stricter than the final"
                        + " look, so that six looks together call a release that changed nothing 'moved' at most 5 %"
                        + " of the time.")
                .contains("decided at α = 0.033 %")
                .contains(">early read</span>")
                .contains("multiplicative model (80 %)")
                .contains("calibrated at 24 placebo dates in the metric's history: 3 of 24 intervals excluded zero"
                        + " (1.2 expected), interval widened ×1.35")
                .contains("2 history days set aside as spikes: 2026-10-03, 2026-10-04")
                .contains("additive model (90 %)")
                .contains("no placebo calibration: history too short for placebo dates (40 points before the release,"
                        + " 63 needed): the interval is the model's own")
                // the guardrail's 7 d: calibrated, not widened, no spike
                .contains("additive model (65 %)")
                .contains("1 of 24 intervals excluded zero (1.2 expected), interval not widened");
        // One line of diagnostics under each measured outcome (not under the pending one).
        assertThat(count(page, "<tr class=\"diagnostics\">")).isEqualTo(3);
    }

    @Test
    void aReleaseWhoseOutcomesPredateTheDiagnosticsStillRenders() {
        String page = page("/releases/" + StubServices.OLD_RELEASE);

        assertThat(page).contains("moved-as-predicted").contains("+3.1 % [+0.4 %, +5.8 %]");
        assertThat(page)
                .doesNotContain("early-read")
                .doesNotContain("class=\"diagnostics\"")
                .doesNotContain("placebo")
                .doesNotContain(" model (");
    }

    @Test
    void theFeaturePageLabelsEarlyReadsInItsVerdictsAndItsChart() {
        String page = page("/features/" + StubServices.FEATURE);

        assertThat(count(page, EARLY_READ)).isEqualTo(2);
        assertThat(count(page, "<tr class=\"diagnostics\">")).isEqualTo(3);
        assertThat(text(page))
                .contains("calibrated at 24 placebo dates in the metric's history: 3 of 24 intervals excluded zero"
                        + " (1.2 expected), interval widened ×1.35")
                .contains("multiplicative model (80 %)")
                .contains("2 history days set aside as spikes: 2026-10-03, 2026-10-04")
                // The first prediction's chart shows its latest measured checkpoint, 7 d: an early read.
                .contains("Checkpoint 7 d: moved-as-predicted (an early read: a later checkpoint is planned");
        assertThat(page).contains("\"verdict\":\"moved-as-predicted\",\"checkpointDays\":7,\"earlyRead\":true");
    }

    @Test
    void aFeatureFromAnAttributionWithoutTheDiagnosticsStillRenders() {
        String page = page("/features/" + StubServices.OLD_FEATURE);

        assertThat(page).contains("id=\"verdicts\"").contains("moved-as-predicted");
        assertThat(page)
                .doesNotContain("early-read")
                .doesNotContain("class=\"diagnostics\"")
                .doesNotContain("placebo")
                .contains("\"earlyRead\":false");
    }

    @Test
    void theCalibrationPageMarksEarlyReadPredictions() {
        String page = page("/calibration");

        // One early read; the final one and the one from an attribution without the field are not marked.
        assertThat(count(page, EARLY_READ)).isEqualTo(1);
        assertThat(text(page)).contains("title=\"judged on a checkpoint before the prediction's horizon");
        assertThat(count(page, StubServices.OLD_FEATURE + "</a>")).isEqualTo(1);
    }

    @Test
    void theMetricPageAndTheOverviewLabelEarlyReads() {
        String metric = page("/metrics/" + StubServices.METRIC);
        // The release's latest verdict (7 d, an early read) in "moved" and in "every release"; the old one unlabelled.
        assertThat(count(metric, EARLY_READ)).isEqualTo(2);
        assertThat(metric).contains("\"verdict\":\"moved-as-predicted\",\"earlyRead\":true");
        assertThat(metric).contains("\"verdict\":\"moved-as-predicted\",\"earlyRead\":false");

        String overview = page("/");
        // The latest verdicts: 1 d and 7 d of the release (early reads), the old release's 7 d (no label).
        assertThat(count(overview, EARLY_READ)).isEqualTo(2);
        assertThat(overview).contains("id=\"latest-verdicts\"");
    }

    @Test
    void theDiagnosticsAreTextEvenWhenTheyCarryMarkup() {
        String page = page("/releases/" + StubServices.MARKUP_RELEASE);

        assertThat(page)
                .doesNotContain(StubServices.MARKUP)
                .contains("no placebo calibration: &lt;img src=x onerror=alert(1)&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt; model (100 %)")
                .contains("1 history day set aside as a spike: &lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void theFeaturePageShowsWhatEachPredictionsMetricCanDetectAndWarnsOfWhatNothingCan() {
        String page = text(page("/features/" + StubServices.REVIEWED));

        assertThat(page)
                .contains("<p class=\"warning\">prediction 2: your +0.5 % on " + StubServices.METRIC
                        + " cannot be told from noise at any checkpoint up to day 90</p>")
                .contains("your +3 % on " + StubServices.METRIC + " cannot be told from noise before day 30");
        String review = page.substring(page.indexOf("id=\"review-1\""), page.indexOf("id=\"review-2\""));
        assertThat(review)
                .contains("<th>1 d</th><th>7 d</th><th>14 d</th><th>30 d</th><th>60 d</th><th>90 d</th>")
                .contains("<td>8.12 %</td>")
                .contains("<td class=\"detectable\">2.25 %</td>");
        assertThat(page)
                .contains("class=\"review-summary undetectable\"")
                .contains("No review of what this metric can detect: attribution did not answer within 4 s");
    }

    @Test
    void theCalibrationPageShowsTheTrendPerQuarterTheRelativeBrierAndHowManyPredictionsEachBinHolds() {
        String page = text(page("/calibration"));

        assertThat(page).contains("<span class=\"figure\" id=\"relative-brier\">0.500</span>");
        assertThat(page).contains("the median team's (0.180, over 3 teams with a score)");
        String quarters = page.substring(page.indexOf("id=\"calibration-quarters\""));
        assertThat(quarters)
                .contains("<tr><td>2026-Q3</td><td>4</td><td>3</td><td>0.337</td><td>50 %</td></tr>")
                .contains("<tr><td>2026-Q4</td><td>3</td><td>2</td><td>0.090</td><td>100 %</td></tr>");
        String bins = page.substring(page.indexOf("id=\"reliability-bins\""));
        assertThat(bins).contains("<tr><td>70 % – 80 %</td><td>2</td><td>70 %</td><td>100 %</td></tr>");
        assertThat(page).contains("\"id\":\"chart-calibration-trend\",\"kind\":\"calibration-trend\"");
    }

    private static String page(String path) {
        return given().when().get(path).then().statusCode(200).extract().asString();
    }

    /** The page with Qute's escapes of quotes and ampersands undone, to read titles as a person does. */
    private static String text(String page) {
        return page.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
