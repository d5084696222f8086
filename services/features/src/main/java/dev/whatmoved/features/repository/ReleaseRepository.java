package dev.whatmoved.features.repository;

import dev.whatmoved.features.domain.Release;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ReleaseRepository implements PanacheRepositoryBase<Release, UUID> {}
