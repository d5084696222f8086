package dev.whatmoved.console.page;

import java.util.List;

/**
 * What the lists ({@code /features}, {@code /releases}) filter by, beside team and {@link Period}: the pages own their
 * parameters, and the URL check at the door ({@code door.UrlCheck}) refuses values outside them.
 */
public final class ListFilters {

    /** The verdicts the lists filter by (as attribution names them), in the order a reader weighs them. */
    public static final List<String> VERDICTS =
            List.of("moved-as-predicted", "moved-opposite", "no-detectable-change", "inconclusive", "pending");

    private ListFilters() {}
}
