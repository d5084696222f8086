package dev.whatmoved.features.rest;

import dev.whatmoved.features.domain.Release;
import dev.whatmoved.features.service.Page;
import java.util.List;

/** One page of releases, newest first; {@code total} counts every release matching the filters. */
public record ReleasePage(List<ReleaseView> items, int page, int size, long total) {

    static ReleasePage of(Page<Release> page) {
        return new ReleasePage(
                page.items().stream().map(ReleaseView::of).toList(), page.page(), page.size(), page.total());
    }
}
