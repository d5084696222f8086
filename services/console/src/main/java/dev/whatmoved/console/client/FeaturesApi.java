package dev.whatmoved.console.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** The features service's read API (docs/api.md). */
@Path("/api")
public interface FeaturesApi {

    @GET
    @Path("/features")
    Uni<ItemPage<FeatureSummary>> features(
            @QueryParam("team") String team,
            @QueryParam("owner") String owner,
            @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/features/{key}")
    Uni<FeatureDetail> feature(@PathParam("key") String key);

    @GET
    @Path("/releases")
    Uni<ItemPage<Release>> releases(@QueryParam("page") int page, @QueryParam("size") int size);

    /** Releases deployed from {@code from} to {@code to} (RFC 3339 instants, both inclusive), newest first. */
    @GET
    @Path("/releases")
    Uni<ItemPage<Release>> releasesIn(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/releases/{id}")
    Uni<Release> release(@PathParam("id") String id);
}
