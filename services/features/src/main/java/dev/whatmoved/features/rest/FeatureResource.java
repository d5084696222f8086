package dev.whatmoved.features.rest;

import dev.whatmoved.features.review.PredictionReviews;
import dev.whatmoved.features.service.FeatureDetails;
import dev.whatmoved.features.service.FeatureService;
import dev.whatmoved.kit.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/features")
public class FeatureResource {

    /** The caller's bearer token, passed on to attribution for the review (it reads nothing else with it). */
    private static final String AUTH = HttpHeaders.AUTHORIZATION;

    private final FeatureService features;
    private final PredictionReviews reviews;

    public FeatureResource(FeatureService features, PredictionReviews reviews) {
        this.features = features;
        this.reviews = reviews;
    }

    @POST
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Operation(operationId = "createFeature", summary = "Register a feature (a draft) with its predictions")
    @APIResponse(
            responseCode = "201",
            description = "Registered as a draft; Location names the feature",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/features/{key}",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FeatureView.class)))
    @APIResponse(responseCode = "409", description = "A feature with this key exists")
    public Uni<RestResponse<FeatureView>> create(
            @Valid @NotNull FeatureRequest request,
            UriInfo uri,
            @Parameter(hidden = true) @HeaderParam(AUTH) String auth) {
        return features.create(request.toDraft())
                .flatMap(feature -> answer(feature, auth))
                .map(feature -> RestResponse.ResponseBuilder.<FeatureView>created(
                                uri.getAbsolutePathBuilder().path(feature.key()).build())
                        .entity(feature)
                        .build());
    }

    @PUT
    @Path("/{key}")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Operation(operationId = "updateFeature", summary = "Edit a draft feature and its predictions")
    @APIResponse(
            responseCode = "200",
            description = "The edited draft",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FeatureView.class)))
    @APIResponse(responseCode = "409", description = "The feature is committed: its predictions are frozen")
    public Uni<FeatureView> update(
            @PathParam("key") String key,
            @Valid @NotNull FeatureRequest request,
            @Parameter(hidden = true) @HeaderParam(AUTH) String auth) {
        return features.update(key, request.toDraft()).flatMap(feature -> answer(feature, auth));
    }

    @POST
    @Path("/{key}/commit")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Operation(
            operationId = "commitFeature",
            summary = "Commit a feature: freeze its predictions",
            description = "Records committedAt and publishes feature.committed. The answer's warnings name each"
                    + " prediction that no checkpoint can detect (from its review), or say that the predictions"
                    + " could not be reviewed.")
    @APIResponse(
            responseCode = "200",
            description = "The committed feature",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FeatureView.class)))
    @APIResponse(responseCode = "409", description = "The feature is not a draft")
    public Uni<FeatureView> commit(
            @PathParam("key") String key, @Parameter(hidden = true) @HeaderParam(AUTH) String auth) {
        return features.commit(key).flatMap(feature -> answer(feature, auth));
    }

    @POST
    @Path("/{key}/amendments")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @ResponseStatus(201)
    @Operation(
            operationId = "amendPrediction",
            summary = "Amend a committed prediction",
            description = "Adds a new version of the prediction with the reason; the history stays readable. An"
                    + " amendment after the first linked release is flagged amendedAfterShip. Publishes"
                    + " feature.amended.")
    @APIResponse(
            responseCode = "201",
            description = "The feature with the new prediction version",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FeatureView.class)))
    @APIResponse(responseCode = "409", description = "The feature is a draft (edit it) or retired")
    public Uni<FeatureView> amend(
            @PathParam("key") String key,
            @Valid @NotNull AmendmentRequest amendment,
            @Parameter(hidden = true) @HeaderParam(AUTH) String auth) {
        return features.amend(key, amendment.toAmendment()).flatMap(feature -> answer(feature, auth));
    }

    @PUT
    @Path("/{key}/tracker")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Operation(
            operationId = "setFeatureTracker",
            summary = "Set the feature's ticket in the team's tracker (any status)",
            description = "Release intake then links a release to the feature when its commit messages or PR titles"
                    + " name the ticket (SHOP-123, acme/shop#42), as they name feature keys.")
    @APIResponse(
            responseCode = "200",
            description = "The feature with its ticket",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FeatureView.class)))
    @APIResponse(responseCode = "409", description = "Another feature carries this ticket")
    public Uni<FeatureView> setTracker(@PathParam("key") String key, @Valid @NotNull TrackerRequest tracker) {
        return features.track(key, tracker.toTicket()).map(FeatureView::of);
    }

    @DELETE
    @Path("/{key}/tracker")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Operation(operationId = "removeFeatureTracker", summary = "Remove the feature's ticket")
    @APIResponse(
            responseCode = "200",
            description = "The feature without a ticket",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FeatureView.class)))
    public Uni<FeatureView> removeTracker(@PathParam("key") String key) {
        return features.track(key, null).map(FeatureView::of);
    }

    @POST
    @Path("/{key}/retire")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Operation(operationId = "retireFeature", summary = "Retire a feature")
    public Uni<FeatureView> retire(@PathParam("key") String key) {
        return features.retire(key).map(FeatureView::of);
    }

    @GET
    @RolesAllowed(Scopes.READ)
    @Operation(operationId = "listFeatures", summary = "List features, filtered by team, owner and status")
    public Uni<FeaturePage> list(
            @QueryParam("team") String team,
            @QueryParam("owner") String owner,
            @QueryParam("status")
                    @Pattern(
                            regexp = "draft|committed|shipped|concluded|retired",
                            message = "must be draft, committed, shipped, concluded or retired")
                    String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return features.list(team, owner, status, page, size).map(FeaturePage::of);
    }

    @GET
    @Path("/{key}")
    @RolesAllowed(Scopes.READ)
    @Operation(
            operationId = "getFeature",
            summary = "Read a feature",
            description =
                    "With its current predictions, their history, the releases that shipped it and its" + " scorecard.")
    public Uni<FeatureView> get(
            @PathParam("key") String key, @Parameter(hidden = true) @HeaderParam(AUTH) String auth) {
        return features.get(key).flatMap(feature -> answer(feature, auth));
    }

    /** The feature's view, with attribution's review of its current predictions while it is a draft or committed. */
    private Uni<FeatureView> answer(FeatureDetails feature, String auth) {
        FeatureView view = FeatureView.of(feature);
        return reviews.review(view.key(), view.status(), feature.current(), auth)
                .map(view::withReviews);
    }
}
