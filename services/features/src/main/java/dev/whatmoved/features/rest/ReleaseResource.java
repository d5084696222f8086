package dev.whatmoved.features.rest;

import dev.whatmoved.events.EventTimes;
import dev.whatmoved.features.repository.ReleaseFilter;
import dev.whatmoved.features.service.ReleaseImportService;
import dev.whatmoved.features.service.ReleaseService;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.kit.text.NoControlCharacters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/releases")
public class ReleaseResource {

    private final ReleaseService releases;
    private final ReleaseFile files;
    private final ReleaseImportService imports;

    public ReleaseResource(ReleaseService releases, ReleaseFile files, ReleaseImportService imports) {
        this.releases = releases;
        this.files = files;
        this.imports = imports;
    }

    @POST
    @RolesAllowed(Scopes.RELEASES_WRITE)
    @Operation(
            operationId = "reportRelease",
            summary = "Report a deployment",
            description = "Stores the release and publishes release.deployed. With an Idempotency-Key header, a"
                    + " retried request answers 200 with the release stored the first time.")
    @APIResponse(
            responseCode = "201",
            description = "Stored; Location names the release",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/releases/{id}",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "200",
            description = "This Idempotency-Key was seen before: the stored release",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(responseCode = "400", description = "Invalid release (problem+json names each field)")
    public Uni<RestResponse<ReleaseView>> report(
            @Valid @NotNull ReleaseRequest request,
            @RestHeader("Idempotency-Key") @Size(max = 200) @NoControlCharacters String idempotencyKey,
            UriInfo uri) {
        return releases.intake(request.toIntake(idempotencyKey)).map(result -> Responses.intakeAnswer(result, uri));
    }

    @POST
    @Path("/import")
    @Consumes({ReleaseFile.CSV, ReleaseFile.NDJSON})
    @RolesAllowed(Scopes.RELEASES_WRITE)
    @Operation(
            operationId = "importReleases",
            summary = "Import past deployments",
            description = "CSV (header service,version,environment,deployedAt[,commit,features,description,rollback];"
                    + " features separated by ';') or NDJSON (one POST /api/releases body per line), up to "
                    + ReleaseFile.MAX_RELEASES + " releases and 8 MiB. Each goes through the same intake as POST"
                    + " /api/releases, oldest first, in one transaction; one known already (same service,"
                    + " environment, version and deployedAt) is counted as a duplicate, so a second import of the"
                    + " same file stores nothing.")
    @APIResponse(
            responseCode = "200",
            description = "Imported: how many were stored and how many were known already",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseImportService.Imported.class)))
    @APIResponse(
            responseCode = "400",
            description = "A bad line (the problem names each line and field); nothing of the file is stored")
    @APIResponse(responseCode = "409", description = "Another request stored some of them meanwhile: send it again")
    @APIResponse(responseCode = "413", description = "Over 8 MiB or over " + ReleaseFile.MAX_RELEASES + " releases")
    public Uni<ReleaseImportService.Imported> importReleases(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        MediaType type = MediaType.valueOf(contentType);
        String mediaType = (type.getType() + "/" + type.getSubtype()).toLowerCase(java.util.Locale.ROOT);
        // reading and checking 10,000 lines takes a while: on a worker thread, then back on the request's context
        // (where the reactive session lives)
        Context context = Vertx.currentContext();
        return Uni.createFrom()
                .completionStage(() -> context.executeBlocking(() -> files.read(mediaType, body), false)
                        .toCompletionStage())
                .flatMap(lines -> imports.importAll(
                        lines.stream().map(ReleaseFile.Line::release).toList()));
    }

    @GET
    @RolesAllowed(Scopes.READ)
    @Operation(
            operationId = "listReleases",
            summary = "List releases, newest first",
            description = "Optionally of one service and environment; unlinked=true lists the releases that ship no"
                    + " feature (outputs nobody predicted an outcome for); from and to (RFC 3339 instants, both"
                    + " inclusive) bound deployedAt, so a client can page through one window.")
    public Uni<ReleasePage> list(
            @QueryParam("service") String service,
            @QueryParam("environment") String environment,
            @QueryParam("unlinked") @DefaultValue("false") boolean unlinked,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        Instant since = bound("from", from);
        Instant until = bound("to", to);
        if (since != null && until != null && since.isAfter(until)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        return releases.list(new ReleaseFilter(service, environment, unlinked, since, until), page, size)
                .map(ReleasePage::of);
    }

    /** A deployedAt bound of the list, or null when not given; a 400 naming the parameter when unreadable. */
    private static Instant bound(String parameter, String text) {
        if (text == null) {
            return null;
        }
        try {
            return EventTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(parameter, EventTimes.EXPECTED);
        }
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.READ)
    @Operation(operationId = "getRelease", summary = "Read a release")
    public Uni<ReleaseView> get(@PathParam("id") UUID id) {
        return releases.get(id).map(ReleaseView::of);
    }
}
