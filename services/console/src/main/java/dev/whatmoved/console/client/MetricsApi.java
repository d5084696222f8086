package dev.whatmoved.console.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** The metrics service's read API (docs/metrics.md). */
@Path("/api/metrics")
public interface MetricsApi {

    @GET
    Uni<List<MetricDefinition>> catalogue();

    @GET
    @Path("/{key}")
    Uni<MetricDefinition> metric(@PathParam("key") String key);

    /** Daily buckets of the total from {@code from} (inclusive) to {@code to} (exclusive), ISO dates. */
    @GET
    @Path("/{key}/series")
    Uni<MetricSeries> series(
            @PathParam("key") String key, @QueryParam("from") String from, @QueryParam("to") String to);
}
