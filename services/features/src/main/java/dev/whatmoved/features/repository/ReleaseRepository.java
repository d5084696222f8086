package dev.whatmoved.features.repository;

import dev.whatmoved.features.domain.Release;
import dev.whatmoved.features.intake.ReleaseIntake;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class ReleaseRepository implements PanacheRepositoryBase<Release, UUID> {

    /** How far back rollback detection looks for an earlier deployment of the same version. */
    static final int HISTORY = 50;

    /**
     * Newest first: by deployment time, then by arrival (a rollback often carries the very second of the release it
     * replaces).
     */
    static final Sort NEWEST_FIRST = Sort.descending("deployedAt").and("arrival", Sort.Direction.Descending);

    public Uni<Release> findByDelivery(String source, String deliveryId) {
        return find("source = ?1 and deliveryId = ?2", source, deliveryId).firstResult();
    }

    /**
     * The deployments stored of these services between two times (from whatever source), each as its
     * {@link ReleaseIntake#deploymentKey}: what an import finds known already, in one query.
     */
    public Uni<Set<String>> deploymentKeys(Collection<String> services, Instant from, Instant to) {
        return Panache.getSession()
                .flatMap(session -> session.createSelectionQuery(
                                "select service, environment, version, deployedAt from Release"
                                        + " where service in (?1) and deployedAt between ?2 and ?3",
                                Object[].class)
                        .setParameter(1, services)
                        .setParameter(2, from)
                        .setParameter(3, to)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> ReleaseIntake.deploymentKey(
                                (String) r[0], (String) r[1], (String) r[2], (Instant) r[3]))
                        .collect(Collectors.toCollection(HashSet::new)));
    }

    /** A page of releases, newest first, optionally of one service and environment, or only those linked to no feature. */
    public Uni<List<Release>> page(ReleaseFilter filter, int page, int size) {
        return find(filter.query(), NEWEST_FIRST, filter.parameters())
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> count(ReleaseFilter filter) {
        return count(filter.query(), filter.parameters());
    }

    /** The releases that ship a feature, newest first. */
    public Uni<List<Release>> shipping(String featureKey) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select * from release where features @> array[?1]::text[] order by deployed_at desc, arrival desc",
                        Release.class)
                .setParameter(1, featureKey)
                .getResultList());
    }

    /**
     * The latest releases of a service in an environment that a new release deployed at {@code at} comes after, newest
     * first: those deployed before it, and those stored already with the same time (they arrived first).
     */
    public Uni<List<Release>> before(String service, String environment, Instant at) {
        return find("service = ?1 and environment = ?2 and deployedAt <= ?3", NEWEST_FIRST, service, environment, at)
                .page(Page.ofSize(HISTORY))
                .list();
    }
}
