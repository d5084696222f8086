package dev.whatmoved.features.repository;

import dev.whatmoved.features.domain.Feature;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
public class FeatureRepository implements PanacheRepositoryBase<Feature, String> {

    /**
     * A page of features, filtered by team, owner and status (each optional); concluded is a shipped feature whose
     * horizon has passed.
     */
    public Uni<List<Feature>> page(FeatureFilter filter, int page, int size) {
        return find(filter.query(), Sort.by("key"), filter.parameters())
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> count(FeatureFilter filter) {
        return count(filter.query(), filter.parameters());
    }

    /** The keys of the features whose tracker key is one of {@code tickets} (normalized: see TrackerKeys). */
    public Uni<Set<String>> keysOfTickets(Collection<String> tickets) {
        return list("upper(trackerKey) in ?1", tickets)
                .map(found -> found.stream().map(f -> f.key).collect(Collectors.toSet()));
    }

    /** The feature that carries tracker key {@code ticket} (normalized), if any. */
    public Uni<Feature> byTicket(String ticket) {
        return find("upper(trackerKey) = ?1", ticket).firstResult();
    }

    /** Which of {@code keys} name a registered feature. */
    public Uni<Set<String>> existingKeys(Collection<String> keys) {
        return list("key in ?1", keys)
                .map(found -> found.stream().map(f -> f.key).collect(Collectors.toSet()));
    }
}
