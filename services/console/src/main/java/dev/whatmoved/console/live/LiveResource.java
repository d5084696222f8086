package dev.whatmoved.console.live;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /live/outcomes}: server-sent events, one per outcome published from now on. */
@Path("/live/outcomes")
public class LiveResource {

    private final OutcomeFeed feed;

    public LiveResource(OutcomeFeed feed) {
        this.feed = feed;
    }

    /** Open like the pages (docs/console.md). */
    @GET
    @PermitAll
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<OutcomeFeed.LiveOutcome> outcomes() {
        return feed.stream();
    }
}
