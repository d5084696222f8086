package dev.whatmoved.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard {@code deploy/grafana/whatmoved.json} is one Grafana imports and its panels query only metrics
 * the services expose: every metric a query names is listed in {@code deploy/grafana/metrics.txt}, whose entries each
 * service's {@code PublicMetricsTest} finds in its {@code /q/metrics} ({@link PublicMetrics#assertExposesDashboardMetrics}).
 */
class DashboardTest {

    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    /** The metric names of a PromQL expression: identifiers that are no function, keyword, label or variable. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void metricNamesOfAQuery() {
        assertThat(metricNames("sum by (source, reason) (rate(whatmoved_points_rejected_total{source=~\"k.*\"}"
                        + "[$__rate_interval])) / on (source) max(up) * 1e3"))
                .containsExactlyInAnyOrder("whatmoved_points_rejected_total", "up");
    }

    @Test
    void everyPanelQueriesOnlyListedMetricsThroughTheDatasourceVariable() throws Exception {
        Path file = PublicMetrics.dashboardMetricsFile().resolveSibling("whatmoved.json");
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        List<JsonNode> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variables::add);
        assertThat(variables).anySatisfy(v -> assertThat(v.path("type").asText() + " "
                        + v.path("name").asText() + " " + v.path("query").asText())
                .isEqualTo("datasource datasource prometheus"));

        Set<String> listed = PublicMetrics.dashboardMetrics().keySet();
        Set<String> used = new TreeSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as(title + ": targets").isPositive();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as(title + ": expr").isNotBlank();
                Set<String> names = metricNames(expr);
                assertThat(names).as(title + ": " + expr).isNotEmpty();
                assertThat(listed).as(title + ": metrics of " + expr).containsAll(names);
                used.addAll(names);
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(10);
        assertThat(used).as("every metric of metrics.txt is used by a panel").containsAll(listed);
    }
}
