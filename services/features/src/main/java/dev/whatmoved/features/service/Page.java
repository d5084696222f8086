package dev.whatmoved.features.service;

import java.util.List;

/**
 * One page of a list a use case answers; the REST layer maps its items.
 *
 * @param page zero-based page number
 * @param total how many items match the filters in all
 */
public record Page<T>(List<T> items, int page, int size, long total) {}
