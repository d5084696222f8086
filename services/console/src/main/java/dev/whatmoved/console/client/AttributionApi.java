package dev.whatmoved.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The attribution service's read API (docs/api.md, docs/statistics.md). */
@Path("/api")
public interface AttributionApi {

    @GET
    @Path("/releases/{id}/outcomes")
    Uni<JsonNode> releaseOutcomes(@PathParam("id") String id);

    @GET
    @Path("/features/{key}/outcomes")
    Uni<JsonNode> featureOutcomes(@PathParam("key") String key);

    @GET
    @Path("/metrics/{key}/attributions")
    Uni<JsonNode> attributions(@PathParam("key") String metric, @QueryParam("from") String from);

    /** The latest outcomes on the metric of the releases deployed from {@code from} to {@code to} (exclusive). */
    @GET
    @Path("/metrics/{key}/attributions")
    Uni<JsonNode> attributions(
            @PathParam("key") String metric, @QueryParam("from") String from, @QueryParam("to") String to);

    @GET
    @Path("/calibration")
    Uni<JsonNode> calibration(@QueryParam("team") String team, @QueryParam("owner") String owner);

    @GET
    @Path("/outputs-vs-outcomes")
    Uni<OutputsVsOutcomes> outputsVsOutcomes(@QueryParam("period") String period);

    /** The model on a series of our own, to draw a counterfactual day by day (stores nothing; scope read). */
    @POST
    @Path("/analyses")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> analyse(JsonNode request);
}
