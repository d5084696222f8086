package dev.whatmoved.features.rest;

import dev.whatmoved.features.repository.ReleaseFilter;
import dev.whatmoved.features.service.ReleaseService;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.kit.text.NoControlCharacters;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
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

    public ReleaseResource(ReleaseService releases) {
        this.releases = releases;
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

    @GET
    @RolesAllowed(Scopes.READ)
    @Operation(
            operationId = "listReleases",
            summary = "List releases, newest first",
            description = "Optionally of one service and environment; unlinked=true lists the releases that ship no"
                    + " feature (outputs nobody predicted an outcome for).")
    public Uni<ReleasePage> list(
            @QueryParam("service") String service,
            @QueryParam("environment") String environment,
            @QueryParam("unlinked") @DefaultValue("false") boolean unlinked,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return releases.list(new ReleaseFilter(service, environment, unlinked), page, size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.READ)
    @Operation(operationId = "getRelease", summary = "Read a release")
    public Uni<ReleaseView> get(@PathParam("id") UUID id) {
        return releases.get(id).map(ReleaseView::of);
    }
}
