package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.KnownEventService;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/events")
public class KnownEventResource {

    /** A CSV import's body: far more than 1,000 rows of events need. */
    static final int MAX_CSV_BYTES = 1 << 20;

    private final KnownEventService events;

    public KnownEventResource(KnownEventService events) {
        this.events = events;
    }

    @POST
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createKnownEvent",
            summary = "Put a known event on the calendar",
            description = "A holiday, campaign, incident or other event whose days (inclusive UTC days) say nothing"
                    + " about a release: the model reads them as missing on the metrics named (every metric when none"
                    + " is), and the computed outcomes that read those days are measured again as new versions. The"
                    + " same name, days and metrics posted again answer 200 with the event stored the first time."
                    + " With Content-Type text/csv, imports a calendar (header name,kind,from,to,metrics; metrics"
                    + " separated by ';'), all rows or none.")
    @APIResponse(
            responseCode = "201",
            description = "Stored: the event (JSON; Location names it) or the import (CSV, at least one event new)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(oneOf = {KnownEventView.class, KnownEventImport.class})))
    @APIResponse(
            responseCode = "200",
            description = "Already on the calendar: the stored event (JSON) or the import (CSV, no event new)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(oneOf = {KnownEventView.class, KnownEventImport.class})))
    @APIResponse(responseCode = "400", description = "Invalid event (problem+json names each field, or line and field)")
    public Uni<RestResponse<KnownEventView>> create(KnownEventRequest request, UriInfo uri) {
        return events.create(request == null ? null : request.toInput()).map(stored -> {
            KnownEventView view = KnownEventView.of(stored.event());
            if (!stored.created()) {
                return RestResponse.ok(view);
            }
            URI location = uri.getBaseUriBuilder()
                    .path("api/events")
                    .path(view.id().toString())
                    .build();
            return RestResponse.ResponseBuilder.<KnownEventView>created(location)
                    .entity(view)
                    .build();
        });
    }

    @POST
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Consumes("text/csv")
    // The same path and method as create: OpenAPI has one operation for both (createKnownEvent, JSON or CSV body),
    // so both methods declare the same operationId and the same answers.
    @Operation(
            operationId = "createKnownEvent",
            summary = "Import a calendar of known events from CSV, all rows or none")
    @APIResponse(
            responseCode = "201",
            description = "Stored: the event (JSON; Location names it) or the import (CSV, at least one event new)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(oneOf = {KnownEventView.class, KnownEventImport.class})))
    @APIResponse(
            responseCode = "200",
            description = "Already on the calendar: the stored event (JSON) or the import (CSV, no event new)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(oneOf = {KnownEventView.class, KnownEventImport.class})))
    @APIResponse(responseCode = "400", description = "A row is invalid (problem+json names line and field)")
    public Uni<RestResponse<KnownEventImport>> importCsv(byte[] body) {
        if (body != null && body.length > MAX_CSV_BYTES) {
            throw ProblemException.invalid("body", "at most " + MAX_CSV_BYTES + " bytes per import");
        }
        return events.importRows(KnownEventCsv.read(body).stream()
                        .map(KnownEventCsv.Row::toInput)
                        .toList())
                .map(stored -> {
                    int created = (int) stored.stream()
                            .filter(KnownEventService.Stored::created)
                            .count();
                    KnownEventImport answer = new KnownEventImport(
                            created,
                            stored.size() - created,
                            stored.stream()
                                    .map(s -> KnownEventView.of(s.event()))
                                    .toList());
                    return created > 0
                            ? RestResponse.status(RestResponse.Status.CREATED, answer)
                            : RestResponse.ok(answer);
                });
    }

    @GET
    @RolesAllowed(Scopes.READ)
    @Operation(
            operationId = "listKnownEvents",
            summary = "The calendar of known events",
            description = "By first day; optionally only those applying to a metric (naming it, or every metric) and"
                    + " those sharing a day with from..to (inclusive).")
    @APIResponse(responseCode = "200", description = "The events")
    @APIResponse(responseCode = "400", description = "`from` or `to` is not an ISO date, or `to` is before `from`")
    public Uni<List<KnownEventView>> list(
            @Parameter(description = "a metric key") @QueryParam("metric") String metric,
            @Parameter(description = "first day, ISO date (inclusive)") @QueryParam("from") String from,
            @Parameter(description = "last day, ISO date (inclusive)") @QueryParam("to") String to) {
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (start != null && end != null && end.isBefore(start)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        String key = metric == null || metric.isBlank() ? null : metric.strip();
        return events.calendar(key, start, end)
                .map(list -> list.stream().map(KnownEventView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.READ)
    @Operation(operationId = "getKnownEvent", summary = "Read a known event")
    @APIResponse(responseCode = "200", description = "The event")
    @APIResponse(responseCode = "404", description = "No such event")
    public Uni<KnownEventView> get(@PathParam("id") UUID id) {
        return events.get(id).map(KnownEventView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Operation(
            operationId = "deleteKnownEvent",
            summary = "Take a known event off the calendar",
            description = "The computed outcomes that read its days are measured again, as new versions.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such event")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return events.delete(id);
    }

    private static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO date such as 2026-11-27");
        }
    }
}
