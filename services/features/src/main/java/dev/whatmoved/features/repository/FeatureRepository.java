package dev.whatmoved.features.repository;

import dev.whatmoved.features.domain.Feature;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FeatureRepository implements PanacheRepositoryBase<Feature, String> {}
