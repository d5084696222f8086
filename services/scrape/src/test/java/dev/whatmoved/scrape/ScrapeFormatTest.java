package dev.whatmoved.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrapeFormatTest {

    /** Prometheus 3's default scrape header (scrape_protocols: OpenMetrics 1.0.0 and 0.0.1, then the text formats). */
    static final String PROMETHEUS_3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
            + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1";

    @Test
    void theTextFormatUnlessOpenMetricsIsPreferred() {
        assertThat(ScrapeFormat.openMetrics(null)).isFalse();
        assertThat(ScrapeFormat.openMetrics("")).isFalse();
        assertThat(ScrapeFormat.openMetrics("*/*")).isFalse();
        assertThat(ScrapeFormat.openMetrics("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"))
                .isFalse();
        assertThat(ScrapeFormat.openMetrics("application/json")).isFalse();
        assertThat(ScrapeFormat.openMetrics("text/html,application/xhtml+xml,*/*;q=0.8"))
                .isFalse();
        assertThat(ScrapeFormat.openMetrics("application/openmetrics-text;version=1.0.0"))
                .isTrue();
        assertThat(ScrapeFormat.openMetrics(PROMETHEUS_3)).isTrue();
        assertThat(ScrapeFormat.openMetrics(
                        "application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5"))
                .isTrue();
    }

    @Test
    void qualityValuesDecide() {
        assertThat(ScrapeFormat.openMetrics("application/openmetrics-text;q=0,text/plain"))
                .isFalse();
        assertThat(ScrapeFormat.openMetrics("application/openmetrics-text;q=0.2,text/plain;q=0.5"))
                .isFalse();
        // a tie goes to the text format
        assertThat(ScrapeFormat.openMetrics("application/openmetrics-text;q=0.5,text/plain;q=0.5"))
                .isFalse();
        assertThat(ScrapeFormat.openMetrics("application/openmetrics-text;q=0.1,*/*"))
                .isFalse();
        assertThat(ScrapeFormat.openMetrics("application/openmetrics-text,*/*;q=0.1"))
                .isTrue();
        assertThat(ScrapeFormat.openMetrics("application/openmetrics-text;q=nonsense"))
                .isFalse();
    }
}
