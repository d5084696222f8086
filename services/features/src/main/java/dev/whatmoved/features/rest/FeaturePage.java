package dev.whatmoved.features.rest;

import dev.whatmoved.features.service.ListedFeature;
import dev.whatmoved.features.service.Page;
import java.util.List;

/**
 * One page of a feature list.
 *
 * @param page zero-based page number
 * @param total how many features match the filters in all
 */
public record FeaturePage(List<FeatureSummary> items, int page, int size, long total) {

    static FeaturePage of(Page<ListedFeature> page) {
        return new FeaturePage(
                page.items().stream().map(FeatureSummary::of).toList(), page.page(), page.size(), page.total());
    }
}
