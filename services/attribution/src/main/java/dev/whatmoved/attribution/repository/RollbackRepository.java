package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.Rollback;
import dev.whatmoved.events.ReleaseRolledBack;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RollbackRepository implements PanacheRepositoryBase<Rollback, UUID> {

    /** The earliest rollback of a release wins; a redelivery or a later report of the same rollback changes nothing. */
    private static final String APPLY =
            """
            insert into release_rollback (release_id, rolled_back_at, rolled_back_by, reason)
            values (?1, ?2, ?3, ?4)
            on conflict (release_id) do update
               set rolled_back_at = excluded.rolled_back_at, rolled_back_by = excluded.rolled_back_by,
                   reason = excluded.reason
             where release_rollback.rolled_back_at > excluded.rolled_back_at
            """;

    /** @return whether it changed what is stored */
    public Uni<Boolean> apply(ReleaseRolledBack event) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(APPLY)
                        .setParameter(1, event.releaseId())
                        .setParameter(2, event.rolledBackAt())
                        .setParameter(3, event.rolledBackBy())
                        .setParameter(4, event.reason())
                        .executeUpdate())
                .map(updated -> updated > 0);
    }

    public Uni<List<Rollback>> ofReleases(Collection<UUID> releaseIds) {
        return releaseIds.isEmpty() ? Uni.createFrom().item(List.of()) : list("releaseId in ?1", releaseIds);
    }
}
