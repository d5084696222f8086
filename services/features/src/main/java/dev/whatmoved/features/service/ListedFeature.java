package dev.whatmoved.features.service;

import dev.whatmoved.features.domain.Feature;

/** A feature in a list, with the status a reader sees at the time of the listing. */
public record ListedFeature(Feature feature, String status) {}
