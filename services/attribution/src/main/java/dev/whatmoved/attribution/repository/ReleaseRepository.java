package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.Release;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ReleaseRepository implements PanacheRepositoryBase<Release, UUID> {}
