package dev.whatmoved.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What anyone can put into a service's public {@code /q/metrics}: requests without a token (or with a broken one) and
 * requests for paths no route has must not add their raw paths as {@code uri} labels, or anyone could add series at
 * will and read what others asked for.
 */
public final class PublicMetrics {

    /** Made-up paths, each with a marker that must not show up in {@code /q/metrics}. */
    public static final List<String> UNKNOWN_PATHS = List.of(
            "/api/features/some-random-abc123",
            "/nope/xyz987",
            "/api/releases/rel-qwe456/outcomes",
            "/api/metrics/met-zxc321");

    private static final List<String> MARKERS = List.of("some-random-abc123", "xyz987", "rel-qwe456", "met-zxc321");

    private PublicMetrics() {}

    /**
     * Sends each of {@link #UNKNOWN_PATHS} without a token and with a malformed one, then reads {@code /q/metrics}
     * (without a token, as a scraper does) and asserts that the requests were counted and that no marker is there.
     */
    public static void assertRawPathsStayOutOfTheLabels() {
        for (String path : UNKNOWN_PATHS) {
            given().get(path);
            given().header("Authorization", "Bearer not-a-jwt").get(path);
            given().contentType("application/json").body("{}").post(path);
        }
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).as("HTTP server requests are measured").contains("http_server_requests_seconds_count");
        for (String marker : MARKERS) {
            assertThat(metrics)
                    .as("/q/metrics must not carry the raw path of an unauthenticated or unknown request")
                    .doesNotContain(marker);
        }
    }

    /** Prometheus 3's default scrape {@code Accept} (scrape_protocols: OpenMetrics 1.0.0, 0.0.1, then text 1.0.0, 0.0.4). */
    public static final String PROMETHEUS_3_ACCEPT =
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                    + "application/openmetrics-text;version=0.0.1;q=0.4,"
                    + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1";

    /** A scraper that wants the Prometheus text format only (Prometheus with {@code scrape_protocols: [PrometheusText0.0.4]}). */
    public static final String PROMETHEUS_TEXT_ACCEPT = "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /**
     * {@code /q/metrics} answers the Prometheus text format (0.0.4) without {@code Accept}, to {@code *}{@code /*} and to
     * a scraper asking for text, and OpenMetrics (ending in {@code # EOF}) when asked for it or when it is preferred
     * (Prometheus 3's default header).
     */
    public static void assertScrapeFormats() {
        for (String accept : new String[] {null, "*/*", PROMETHEUS_TEXT_ACCEPT, "application/json"}) {
            Response response = scrape(accept);
            assertThat(response.contentType())
                    .as("Accept: %s", accept)
                    .startsWith("text/plain")
                    .contains("version=0.0.4");
            assertThat(response.asString()).as("Accept: %s", accept).doesNotContain("# EOF");
        }
        for (String accept : new String[] {"application/openmetrics-text;version=1.0.0", PROMETHEUS_3_ACCEPT}) {
            Response response = scrape(accept);
            assertThat(response.contentType()).as("Accept: %s", accept).startsWith("application/openmetrics-text");
            assertThat(response.asString()).as("Accept: %s", accept).endsWith("# EOF\n");
        }
    }

    private static Response scrape(String accept) {
        var request = given();
        if (accept != null) {
            request = request.header("Accept", accept);
        }
        Response response = request.get("/q/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    /** One sample of the text format: its name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The samples {@code /q/metrics} answers now, in the Prometheus text format. */
    public static List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (String line : scrape(null).asString().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
            }
            String value = line.substring(space + 1);
            samples.add(new Sample(
                    name,
                    labels,
                    switch (value) {
                        case "+Inf" -> Double.POSITIVE_INFINITY;
                        case "-Inf" -> Double.NEGATIVE_INFINITY;
                        default -> Double.parseDouble(value);
                    }));
        }
        return samples;
    }

    /** The sum of the samples named {@code name} that carry every label of {@code labels} (0 when there is none). */
    public static double value(String name, Map<String, String> labels) {
        return samples().stream()
                .filter(s -> s.name().equals(name)
                        && labels.entrySet().stream()
                                .allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** {@link #value(String, Map)} with labels given as name, value, name, value... */
    public static double value(String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return value(name, wanted);
    }

    /** The file listing the metrics the Grafana dashboard may use: {@code deploy/grafana/metrics.txt}. */
    public static Path dashboardMetricsFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/grafana"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("deploy/grafana above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return dir.resolve("deploy/grafana/metrics.txt");
    }

    /** {@code deploy/grafana/metrics.txt}: each metric the dashboard may use, with the services that expose it. */
    public static Map<String, Set<String>> dashboardMetrics() {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(dashboardMetricsFile())) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\s+");
                metrics.put(fields[0], new TreeSet<>(List.of(fields[1].split(","))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return metrics;
    }

    /**
     * Every metric {@code deploy/grafana/metrics.txt} lists for {@code service} is in its {@code /q/metrics} now: the
     * dashboard's queries name nothing the service does not expose.
     */
    public static void assertExposesDashboardMetrics(String service) {
        given().get("/nope/dashboard"); // a request, so that the HTTP server series exist
        Set<String> exposed = new TreeSet<>();
        samples().forEach(s -> exposed.add(s.name()));
        List<String> wanted = dashboardMetrics().entrySet().stream()
                .filter(e -> e.getValue().contains(service))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(wanted).as("metrics.txt lists metrics of " + service).isNotEmpty();
        assertThat(exposed).as("/q/metrics of " + service).containsAll(wanted);
    }
}
