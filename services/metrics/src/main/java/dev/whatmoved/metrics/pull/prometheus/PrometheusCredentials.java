package dev.whatmoved.metrics.pull.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How requests to a Prometheus server authenticate: HTTP basic authentication, a bearer token, or nothing. Never
 * printed: {@link #toString()} names the scheme only, so a log line or an error holding the credentials cannot leak
 * them.
 */
public final class PrometheusCredentials {

    /** No {@code Authorization} header. */
    public static final PrometheusCredentials NONE = new PrometheusCredentials(null, "none");

    private final String authorization;
    private final String scheme;

    private PrometheusCredentials(String authorization, String scheme) {
        this.authorization = authorization;
        this.scheme = scheme;
    }

    public static PrometheusCredentials basic(String username, String password) {
        String pair = username + ":" + password;
        return new PrometheusCredentials(
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)), "basic");
    }

    public static PrometheusCredentials bearer(String token) {
        return new PrometheusCredentials("Bearer " + token, "bearer");
    }

    /** The {@code Authorization} header's value, if any. */
    Optional<String> authorization() {
        return Optional.ofNullable(authorization);
    }

    @Override
    public String toString() {
        return scheme;
    }
}
