package dev.whatmoved.features.service;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.ReleaseDeployed;
import dev.whatmoved.features.domain.Release;
import dev.whatmoved.features.repository.ReleaseRepository;
import dev.whatmoved.features.rest.ReleaseRequest;
import dev.whatmoved.kit.outbox.Outbox;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ReleaseService {

    static final String SOURCE_API = "api";

    private final ReleaseRepository releases;
    private final Outbox outbox;

    public ReleaseService(ReleaseRepository releases, Outbox outbox) {
        this.releases = releases;
        this.outbox = outbox;
    }

    /** Stores the release and, in the same transaction, the release.deployed event for the outbox relay. */
    @WithTransaction
    public Uni<Release> record(ReleaseRequest request) {
        Release release = new Release();
        release.id = UUID.randomUUID();
        release.service = request.service().strip();
        release.version = request.version().strip();
        release.environment = request.environment().strip();
        release.commit = request.commit();
        release.deployedAt = request.deployedAt();
        release.receivedAt = Instant.now();
        release.source = SOURCE_API;
        List<String> features = request.featuresOrEmpty();
        release.features = features.toArray(String[]::new);
        var event = new ReleaseDeployed(
                release.id,
                release.service,
                release.version,
                release.environment,
                release.commit,
                release.deployedAt,
                features,
                release.source);
        return releases.persist(release)
                .call(() -> outbox.append(EventType.RELEASE_DEPLOYED, release.service, release.id.toString(), event));
    }

    @WithSession
    public Uni<Release> get(UUID id) {
        return releases.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("release", id));
    }
}
