package dev.whatmoved.metrics.pull.prometheus;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A client of one Prometheus server's HTTP API ({@code /api/v1/query_range}), with the JDK's HTTP client and Jackson:
 * the API is two form parameters and a small JSON answer, so no client library is needed (none made for it is
 * maintained on Maven Central). Blocking: call it off the event loop.
 *
 * <p>A long range is asked in consecutive parts of at most {@value RangeQuery#MAX_POINTS} evaluations, under the
 * server's limit of 11,000 points per series, and merged. The query goes in a form-encoded POST body, so a long
 * expression meets no URL length limit. Credentials go in the {@code Authorization} header only, and errors name the
 * server by the name it is given (a connection's name), never by its URL or credentials.
 */
public final class PrometheusClient {

    private final URI base;
    private final String server;
    private final PrometheusCredentials credentials;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param name how errors name the server, e.g. {@code Prometheus of connection 'prom'}
     * @param url the server's base URL, e.g. {@code http://prometheus:9090} or {@code https://host/prometheus}
     * @param timeout how long one request may take (connecting, and the server's answer); also sent as the query's
     *     {@code timeout}
     */
    public PrometheusClient(String name, URI url, PrometheusCredentials credentials, Duration timeout) {
        String text = url.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.server = name;
        this.credentials = credentials;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Evaluates {@code query} over its range, in as many requests as its points need. */
    public Matrix queryRange(RangeQuery query) {
        MatrixReader reader = new MatrixReader();
        for (RangeQuery part : query.parts(RangeQuery.MAX_POINTS)) {
            HttpResponse<String> response = send(part);
            reader.read(response.statusCode(), response.body(), server);
        }
        return reader.matrix();
    }

    /**
     * How long the server keeps samples, from {@code /api/v1/status/runtimeinfo} ({@code storageRetention}); empty when
     * it limits its storage by size only.
     */
    public Optional<Duration> retention() {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/v1/status/runtimeinfo"))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        HttpResponse<String> response = send(request);
        return PrometheusDurations.retention(MatrixReader.data(response.statusCode(), response.body(), server)
                .path("storageRetention")
                .asText(""));
    }

    /** The server's name in messages. */
    public String server() {
        return server;
    }

    private HttpResponse<String> send(RangeQuery part) {
        String form = "query=" + URLEncoder.encode(part.expression(), StandardCharsets.UTF_8)
                + "&start=" + seconds(part.start())
                + "&end=" + seconds(part.end())
                + "&step=" + seconds(part.step())
                + "&timeout=" + seconds(timeout);
        return send(HttpRequest.newBuilder(base.resolve("api/v1/query_range"))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        credentials.authorization().ifPresent(value -> request.header("Authorization", value));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new PrometheusException(
                        "http_" + response.statusCode(),
                        server + " refused the credentials (HTTP " + response.statusCode() + ", credentials: "
                                + credentials + ")",
                        false,
                        null);
            }
            return response;
        } catch (HttpTimeoutException e) {
            throw new PrometheusException("timeout", server + " did not answer within " + timeout, true, e);
        } catch (IOException e) {
            throw new PrometheusException("unreachable", server + " cannot be reached: " + describe(e), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("canceled", "interrupted while querying " + server, true, e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().toString();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static String seconds(Instant instant) {
        return java.math.BigDecimal.valueOf(instant.toEpochMilli(), 3).toPlainString();
    }

    private static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis(), 3).toPlainString();
    }
}
