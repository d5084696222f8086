package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.Release;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ReleaseRepository implements PanacheRepositoryBase<Release, UUID> {

    private static final String LINKING = "select * from release where ?1 = any(features) order by deployed_at, id";

    /**
     * Other releases (not rollback deployments) of the same environment whose features predict the metric, deployed
     * or rolled back inside {@code [from, to)}.
     */
    private static final String OVERLAPPING =
            """
            select r.* from release r
             where r.id <> ?1 and r.rollback_of is null and r.environment = ?2
               and exists (select 1 from prediction p where p.metric = ?3 and p.feature_key = any(r.features))
               and ((r.deployed_at >= ?4 and r.deployed_at < ?5)
                    or exists (select 1 from release_rollback b
                                where b.release_id = r.id and b.rolled_back_at >= ?4 and b.rolled_back_at < ?5))
             order by r.deployed_at, r.id
            """;

    /** Releases that ship the feature. */
    public Uni<List<Release>> linking(String featureKey) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LINKING, Release.class)
                .setParameter(1, featureKey)
                .getResultList());
    }

    public Uni<List<Release>> overlapping(UUID releaseId, String environment, String metric, Instant from, Instant to) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(OVERLAPPING, Release.class)
                .setParameter(1, releaseId)
                .setParameter(2, environment)
                .setParameter(3, metric)
                .setParameter(4, from)
                .setParameter(5, to)
                .getResultList());
    }
}
