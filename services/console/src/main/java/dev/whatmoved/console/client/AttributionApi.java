package dev.whatmoved.console.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The attribution service's read API (docs/api.md, docs/statistics.md). */
@Path("/api")
public interface AttributionApi {

    @GET
    @Path("/releases/{id}/outcomes")
    Uni<ReleaseOutcomes> releaseOutcomes(@PathParam("id") String id);

    @GET
    @Path("/features/{key}/outcomes")
    Uni<List<Outcome>> featureOutcomes(@PathParam("key") String key);

    @GET
    @Path("/metrics/{key}/attributions")
    Uni<List<Outcome>> attributions(@PathParam("key") String metric, @QueryParam("from") String from);

    /** The latest outcomes on the metric of the releases deployed from {@code from} to {@code to} (exclusive). */
    @GET
    @Path("/metrics/{key}/attributions")
    Uni<List<Outcome>> attributions(
            @PathParam("key") String metric, @QueryParam("from") String from, @QueryParam("to") String to);

    @GET
    @Path("/calibration")
    Uni<Calibration> calibration(@QueryParam("team") String team, @QueryParam("owner") String owner);

    @GET
    @Path("/outputs-vs-outcomes")
    Uni<OutputsVsOutcomes> outputsVsOutcomes(@QueryParam("period") String period);

    /** The model on a series of our own, to draw a counterfactual day by day (stores nothing; scope read). */
    @POST
    @Path("/analyses")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Analysis> analyse(Analysis.Request request);
}
