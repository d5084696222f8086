package dev.whatmoved.features.rest;

import java.util.List;

/**
 * One page of a feature list.
 *
 * @param page zero-based page number
 * @param total how many features match the filters in all
 */
public record FeaturePage(List<FeatureSummary> items, int page, int size, long total) {}
