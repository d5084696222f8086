package dev.whatmoved.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** The metrics service's read API (docs/metrics.md). */
@Path("/api/metrics")
public interface MetricsApi {

    @GET
    Uni<JsonNode> catalogue();

    @GET
    @Path("/{key}")
    Uni<JsonNode> metric(@PathParam("key") String key);

    /** Daily buckets of the total from {@code from} (inclusive) to {@code to} (exclusive), ISO dates. */
    @GET
    @Path("/{key}/series")
    Uni<JsonNode> series(@PathParam("key") String key, @QueryParam("from") String from, @QueryParam("to") String to);
}
