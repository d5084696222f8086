package dev.whatmoved.scrape;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * The format {@code /q/metrics} answers in, by the scraper's {@code Accept} header: the Prometheus text format (0.0.4)
 * unless the header prefers OpenMetrics (1.0.0), by its quality values.
 *
 * <p>Quarkus' own choice answers OpenMetrics to a request without {@code Accept} or with {@code *}{@code /*} (curl,
 * Python's requests, most HTTP libraries), which Prometheus-format parsers such as {@code prometheus_client}'s refuse
 * ({@code # EOF}), and {@code 406} to {@code application/openmetrics-text;version=1.0.0} (its route produces the type
 * with more parameters) and to a header naming neither format. This filter decides instead and hands the Quarkus
 * handler an {@code Accept} that it and the route read the same way: OpenMetrics only when it is named with a higher quality than the text format
 * (Prometheus 3's default header prefers it, q=0.5 against 0.3 and 0.2); everything else, no header, {@code *}{@code
 * /*}, {@code text/plain;version=0.0.4}, a header naming neither, gets the text format.
 */
@ApplicationScoped
public class ScrapeFormat {

    /** What the Quarkus handler answers the text format to. */
    static final String TEXT = "text/plain";
    /** The OpenMetrics media type. */
    static final String OPENMETRICS = "application/openmetrics-text";
    /**
     * What the Quarkus handler answers OpenMetrics to: its route produces exactly this, and Vert.x matches an {@code
     * Accept} only when it carries every parameter of the produced type.
     */
    static final String OPENMETRICS_ACCEPT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static final String PATH = "/q/metrics";

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    String path = rc.normalizedPath();
                    if (PATH.equals(path) || (PATH + "/").equals(path)) {
                        String accept = rc.request().getHeader("Accept");
                        rc.request().headers().set("Accept", openMetrics(accept) ? OPENMETRICS_ACCEPT : TEXT);
                    }
                    rc.next();
                },
                // early: before anything parses the headers (Vert.x parses Accept once, for the routes' produces)
                10_000);
    }

    /**
     * Whether {@code accept} prefers OpenMetrics: it names {@code application/openmetrics-text} with a quality above 0
     * and above that of {@code text/plain} (or, when that is not named, of {@code *}{@code /*} and {@code text/*}). A tie
     * goes to the text format.
     */
    public static boolean openMetrics(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double openMetrics = -1;
        double text = -1;
        double wildcard = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            switch (type) {
                case OPENMETRICS -> openMetrics = Math.max(openMetrics, q);
                case TEXT -> text = Math.max(text, q);
                case "*/*", "text/*" -> wildcard = Math.max(wildcard, q);
                default -> {}
            }
        }
        double textQuality = text >= 0 ? text : wildcard;
        return openMetrics > 0 && openMetrics > textQuality;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() > 2 && (parameter.startsWith("q=") || parameter.startsWith("Q="))) {
                try {
                    double q = Double.parseDouble(parameter.substring(2).trim());
                    return Double.isFinite(q) ? Math.max(0, Math.min(1, q)) : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
