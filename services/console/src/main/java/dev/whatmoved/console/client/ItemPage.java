package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * One page of a list the features service answers ({@code GET /api/features}, {@code GET /api/releases}).
 *
 * @param <T> the items' type
 * @param items the page's items (none when absent)
 * @param total how many items the whole list holds, or null when the answer does not say
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record ItemPage<T>(List<T> items, Long total) {

    public ItemPage {
        items = items == null ? List.of() : items;
    }

    /** What a page holds when features did not answer: no item, no total. */
    public static <T> ItemPage<T> none() {
        return new ItemPage<>(List.of(), null);
    }

    /** The total, or {@code otherwise} when the answer gave none. */
    public long totalOr(long otherwise) {
        return total == null ? otherwise : total;
    }
}
