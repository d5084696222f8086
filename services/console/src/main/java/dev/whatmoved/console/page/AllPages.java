package dev.whatmoved.console.page;

import dev.whatmoved.console.client.ItemPage;
import dev.whatmoved.console.client.Panel;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Every item of a paged list of a service ({@code {"items": [...], "total": n}}), read page by page up to {@link #CAP}
 * pages: the first page says how many there are, the rest are asked for together.
 *
 * @param read the first page's panel (its error or 404 is the list's)
 * @param items the items read, in the service's order
 * @param total how many the service has
 * @param capped whether there were more than {@link #CAP} pages, so that {@code items} holds fewer than {@code total}
 */
@TemplateData
public record AllPages<T>(Panel<ItemPage<T>> read, List<T> items, long total, boolean capped) {

    /** Items asked per page: the most features' lists answer. */
    public static final int SIZE = 100;

    /** At most this many pages are read for one page of the console (2,000 items). */
    public static final int CAP = 20;

    /** Reads page 0, then every further page up to the cap; a later page that fails leaves its items out. */
    static <T> Uni<AllPages<T>> read(IntFunction<Uni<Panel<ItemPage<T>>>> page) {
        return page.apply(0).flatMap(first -> {
            List<T> items = new ArrayList<>(first.data().items());
            long total = first.ok() ? first.data().totalOr(items.size()) : 0;
            long pages = (total + SIZE - 1) / SIZE;
            boolean capped = pages > CAP;
            int more = (int) Math.min(pages, CAP) - 1;
            if (!first.ok() || more <= 0) {
                return Uni.createFrom().item(new AllPages<>(first, items, Math.max(total, items.size()), capped));
            }
            List<Uni<Panel<ItemPage<T>>>> rest = new ArrayList<>();
            for (int n = 1; n <= more; n++) {
                rest.add(page.apply(n));
            }
            return Uni.join().all(rest).andFailFast().map(panels -> {
                Panel<ItemPage<T>> read = first;
                for (Panel<ItemPage<T>> p : panels) {
                    items.addAll(p.data().items());
                    if (!p.ok() && read.ok()) {
                        read = p;
                    }
                }
                return new AllPages<>(read, items, total, capped);
            });
        });
    }
}
