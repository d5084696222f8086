package dev.whatmoved.notify.rest;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.kit.text.NoControlCharacters;
import dev.whatmoved.notify.config.NotifyConfig;
import dev.whatmoved.notify.repository.DeliveryRepository;
import dev.whatmoved.notify.service.RuleService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** A team's notification rules and the state of their deliveries. The team is the one features names (up to 100 characters). */
@Path("/api/teams/{team}")
public class RuleResource {

    private final RuleService rules;
    private final DeliveryRepository deliveries;
    private final int failingAfter;

    public RuleResource(RuleService rules, DeliveryRepository deliveries, NotifyConfig config) {
        this.rules = rules;
        this.deliveries = deliveries;
        this.failingAfter = config.failingAfter();
    }

    @POST
    @Path("/rules")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @Operation(operationId = "createRule", summary = "Route kinds of notification of a team to a channel")
    @APIResponse(
            responseCode = "201",
            description = "The rule; Location names it. Its URL and secret are not answered back.",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/teams/{team}/rules/{id}",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleView.class)))
    public Uni<RestResponse<RuleView>> create(
            @PathParam("team") @Size(min = 1, max = 100) @NoControlCharacters String team,
            @Valid @NotNull RuleRequest request,
            UriInfo uri) {
        return rules.create(team, request.draft()).map(rule -> RestResponse.ResponseBuilder.<RuleView>created(
                        uri.getAbsolutePathBuilder().path(rule.id().toString()).build())
                .entity(RuleView.of(rule, failingAfter))
                .build());
    }

    @GET
    @Path("/rules")
    @RolesAllowed(Scopes.READ)
    @Operation(operationId = "listRules", summary = "The team's rules, with how each receiver fares")
    public Uni<List<RuleView>> list(@PathParam("team") @Size(min = 1, max = 100) @NoControlCharacters String team) {
        return rules.list(team)
                .map(list ->
                        list.stream().map(r -> RuleView.of(r, failingAfter)).toList());
    }

    @GET
    @Path("/rules/{id}")
    @RolesAllowed(Scopes.READ)
    @Operation(operationId = "getRule", summary = "One rule of the team")
    public Uni<RuleView> get(
            @PathParam("team") @Size(min = 1, max = 100) @NoControlCharacters String team, @PathParam("id") UUID id) {
        return rules.get(team, id).map(rule -> RuleView.of(rule, failingAfter));
    }

    @DELETE
    @Path("/rules/{id}")
    @RolesAllowed(Scopes.FEATURES_WRITE)
    @ResponseStatus(204)
    @Operation(operationId = "deleteRule", summary = "Remove a rule; its pending deliveries are dropped")
    public Uni<Void> delete(
            @PathParam("team") @Size(min = 1, max = 100) @NoControlCharacters String team, @PathParam("id") UUID id) {
        return rules.delete(team, id);
    }

    @GET
    @Path("/deliveries")
    @RolesAllowed(Scopes.READ)
    @Operation(operationId = "listDeliveries", summary = "The team's deliveries, newest first")
    public Uni<List<DeliveryView>> deliveries(
            @PathParam("team") @Size(min = 1, max = 100) @NoControlCharacters String team,
            @QueryParam("status") @Pattern(regexp = "pending|delivered|failed") String status,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return deliveries
                .ofTeam(team, status, limit)
                .map(rows -> rows.stream().map(DeliveryView::of).toList());
    }
}
