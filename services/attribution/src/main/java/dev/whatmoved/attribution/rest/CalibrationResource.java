package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.calibration.Period;
import dev.whatmoved.attribution.service.CalibrationService;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api")
public class CalibrationResource {

    private final CalibrationService calibration;

    public CalibrationResource(CalibrationService calibration) {
        this.calibration = calibration;
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Path("/calibration")
    @Operation(
            operationId = "getCalibration",
            summary = "How well a team or owner predicts",
            description = "Over the predictions of the features shipped (first release) from `from` to `to`: direction"
                    + " hit rate, Brier score of the stated confidence, median ratio of predicted to measured change,"
                    + " coverage of stated ranges, a reliability diagram and counts. Amended-after-ship predictions"
                    + " are listed and counted, never scored; guardrails are counted apart.")
    @APIResponse(responseCode = "200", description = "The calibration (scores are null while nothing is scored)")
    @APIResponse(responseCode = "400", description = "`from` or `to` is not an ISO date, or `to` is before `from`")
    public Uni<CalibrationView> calibration(
            @Parameter(description = "the features' team") @QueryParam("team") String team,
            @Parameter(description = "the features' owner") @QueryParam("owner") String owner,
            @Parameter(description = "first ship day, ISO date (inclusive)") @QueryParam("from") String from,
            @Parameter(description = "last ship day, ISO date (inclusive)") @QueryParam("to") String to) {
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (start != null && end != null && end.isBefore(start)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        String teamFilter = blankToNull(team);
        String ownerFilter = blankToNull(owner);
        return calibration
                .calibration(teamFilter, ownerFilter, start, end)
                .map(report -> CalibrationView.of(teamFilter, ownerFilter, start, end, report));
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Path("/outputs-vs-outcomes")
    @Operation(
            operationId = "getOutputsVsOutcomes",
            summary = "What teams shipped against what it moved",
            description = "Per team and period (newest first): features shipped, releases, rollbacks, and the"
                    + " verdicts of the shipped features' predictions. Releases that link no known feature are"
                    + " counted under team null.")
    @APIResponse(responseCode = "200", description = "One row per team and period")
    @APIResponse(responseCode = "400", description = "`period` is neither quarter nor month")
    public Uni<OutputsView> outputsVsOutcomes(
            @Parameter(description = "only this team") @QueryParam("team") String team,
            @Parameter(description = "`quarter` (default) or `month`") @QueryParam("period") String period) {
        Period by = period(period);
        return calibration.outputsVsOutcomes(blankToNull(team), by).map(rows -> new OutputsView(by.label(), rows));
    }

    private static Period period(String value) {
        if (value == null || value.isBlank()) {
            return Period.QUARTER;
        }
        try {
            return Period.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("period", "must be quarter or month");
        }
    }

    private static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO date such as 2026-10-01");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
