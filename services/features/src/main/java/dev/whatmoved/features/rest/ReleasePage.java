package dev.whatmoved.features.rest;

import java.util.List;

/** One page of releases, newest first; {@code total} counts every release matching the filters. */
public record ReleasePage(List<ReleaseView> items, int page, int size, long total) {}
