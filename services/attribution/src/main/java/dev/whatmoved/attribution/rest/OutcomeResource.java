package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.CheckpointOutcome;
import dev.whatmoved.attribution.service.OutcomeService;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api")
public class OutcomeResource {

    private final OutcomeService outcomes;

    public OutcomeResource(OutcomeService outcomes) {
        this.outcomes = outcomes;
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Path("/releases/{id}/outcomes")
    @Operation(
            operationId = "getReleaseOutcomes",
            summary = "What a release's metrics did next",
            description = "For each prediction of the release's features and each checkpoint (1, 7, 14, 30, 60, 90"
                    + " days, up to the prediction's horizon): the latest outcome measured with the counterfactual"
                    + " model (method state-space) and its verdict, or pending. The before/after comparison is"
                    + " only a labelled baseline.")
    @APIResponse(responseCode = "200", description = "Outcomes per prediction and checkpoint (empty when none yet)")
    @APIResponse(responseCode = "404", description = "No release with this id has been announced (yet)")
    public Uni<ReleaseOutcomes> ofRelease(@PathParam("id") UUID id) {
        return outcomes.outcomesOf(id).map(ReleaseOutcomes::of);
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Path("/features/{key}/outcomes")
    @Operation(
            operationId = "getFeatureOutcomes",
            summary = "What a feature's releases moved",
            description = "The latest outcome of every release of the feature on every prediction and checkpoint.")
    @APIResponse(responseCode = "200", description = "Outcomes per release, prediction and checkpoint")
    @APIResponse(responseCode = "404", description = "No committed feature with this key is known")
    public Uni<List<OutcomeView>> ofFeature(@PathParam("key") String key) {
        return outcomes.outcomesOfFeature(key).map(OutcomeResource::views);
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Path("/metrics/{key}/attributions")
    @Operation(
            operationId = "getMetricAttributions",
            summary = "Which releases moved this metric, and by how much",
            description = "The latest computed outcomes on the metric of the releases deployed from `from` (inclusive)"
                    + " to `to` (exclusive), each with its effect, interval, verdict and confounding releases.")
    @APIResponse(responseCode = "200", description = "Outcomes on the metric")
    @APIResponse(responseCode = "400", description = "`from` or `to` is not a date or an instant, or `to` <= `from`")
    public Uni<List<OutcomeView>> attributions(
            @PathParam("key") String metric,
            @Parameter(description = "ISO date (UTC day) or instant; default 90 days before `to`") @QueryParam("from")
                    String from,
            @Parameter(description = "ISO date (UTC day, exclusive) or instant; default now") @QueryParam("to")
                    String to) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minusSeconds(90L * 86400) : instant("from", from);
        if (!end.isAfter(start)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        return outcomes.attributions(metric, start, end).map(OutcomeResource::views);
    }

    private static List<OutcomeView> views(List<CheckpointOutcome> outcomes) {
        return outcomes.stream().map(OutcomeView::of).toList();
    }

    private static Instant instant(String field, String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO date (2026-11-01) or instant (2026-11-01T00:00:00Z)");
        }
    }
}
