package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.service.Series;
import dev.whatmoved.metrics.service.SeriesService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/metrics/{key}/series")
public class SeriesResource {

    private final SeriesService series;

    public SeriesResource(SeriesService series) {
        this.series = series;
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Operation(
            operationId = "getMetricSeries",
            summary = "A metric's rollups over time",
            description = "The buckets of one granularity and one dimension combination (the total when dims is"
                    + " absent) from `from` (inclusive) to `to` (exclusive).")
    @APIResponse(responseCode = "200", description = "The series")
    @APIResponse(responseCode = "400", description = "Invalid parameter (problem+json names it)")
    @APIResponse(responseCode = "404", description = "No such metric")
    public Uni<Series> read(
            @PathParam("key") @Pattern(regexp = MetricRequest.KEY, message = "must be a metric key") String key,
            @Parameter(
                            description = "Start: a timestamp with offset, or a date (its start in the reporting zone);"
                                    + " default: 30 days (hour: 2 days) before `to`")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "End (exclusive): a timestamp with offset, or a date; default: now")
                    @QueryParam("to")
                    String to,
            @Parameter(description = "`hour` or `day` (default)") @QueryParam("granularity") String granularity,
            @Parameter(description = "The dimension combination, e.g. `country:de,plan:pro`; default: the total")
                    @QueryParam("dims")
                    String dims) {
        Granularity g = granularity == null || granularity.isBlank() ? Granularity.DAY : Granularity.of(granularity);
        if (g == null) {
            throw ProblemException.invalid("granularity", "must be hour or day");
        }
        Instant end = to == null || to.isBlank() ? Instant.now() : instant("to", to);
        Instant start = from == null || from.isBlank()
                ? end.minus(g == Granularity.HOUR ? Duration.ofDays(2) : Duration.ofDays(30))
                : instant("from", from);
        return series.read(key, g, dimensions(dims), start, end);
    }

    private Instant instant(String field, String text) {
        try {
            if (text.length() == 10) {
                return series.startOf(LocalDate.parse(text));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(
                    field, "must be a timestamp with offset (2026-11-24T10:00:00Z) or a date (2026-11-24)");
        }
    }

    static Map<String, String> dimensions(String dims) {
        Map<String, String> dimensions = new TreeMap<>();
        if (dims == null || dims.isBlank()) {
            return dimensions;
        }
        for (String pair : dims.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw ProblemException.invalid("dims", "must be name:value pairs separated by commas");
            }
            if (dimensions.put(
                            pair.substring(0, colon).trim(),
                            pair.substring(colon + 1).trim())
                    != null) {
                throw ProblemException.invalid("dims", "names a dimension twice");
            }
        }
        return dimensions;
    }
}
