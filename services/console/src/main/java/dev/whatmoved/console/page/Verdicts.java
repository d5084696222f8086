package dev.whatmoved.console.page;

import dev.whatmoved.console.client.MetricDefinition;
import dev.whatmoved.console.client.Outcome;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.client.Release;
import io.smallrye.mutiny.Uni;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What attribution says of each release: per release, the verdicts of its latest outcome on each (feature, prediction)
 * (the longest checkpoint measured, else the pending one), as read from the metrics' attributions.
 */
final class Verdicts {

    /**
     * The verdicts of the releases deployed from {@code from} to {@code until} (exclusive): every metric of the
     * catalogue's attributions over those days.
     */
    static Uni<Verdicts> read(Reads reads, LocalDate from, LocalDate until) {
        return reads.catalogue().flatMap(catalogue -> {
            if (!catalogue.ok()) {
                Verdicts none = new Verdicts(List.of());
                none.down.add(catalogue.service() + " is unavailable: "
                        + (catalogue.error() == null ? "no catalogue" : catalogue.error()));
                return Uni.createFrom().item(none);
            }
            List<Uni<Panel<List<Outcome>>>> calls = new ArrayList<>();
            for (MetricDefinition metric : catalogue.data()) {
                calls.add(reads.attributions(metric.key(), from.toString(), until.toString()));
            }
            return calls.isEmpty()
                    ? Uni.createFrom().item(new Verdicts(List.of()))
                    : Uni.join().all(calls).andFailFast().map(Verdicts::new);
        });
    }

    /** The verdicts of these releases (read over the days they were deployed). */
    static Uni<Verdicts> of(Reads reads, List<Release> releases) {
        List<LocalDate> days = releases.stream()
                .map(Release::deployedAt)
                .filter(at -> at != null && !at.isEmpty())
                .map(Days::dayOf)
                .sorted()
                .toList();
        return days.isEmpty()
                ? Uni.createFrom().item(new Verdicts(List.of()))
                : read(reads, days.get(0), days.get(days.size() - 1).plusDays(1));
    }

    /** The verdicts a list can be filtered by, in the order a reader weighs them. */
    static final List<String> ALL = ListFilters.VERDICTS;

    private final Map<String, Map<String, Outcome>> latest = new HashMap<>();
    private final List<String> down = new ArrayList<>();

    Verdicts(List<Panel<List<Outcome>>> attributions) {
        for (Panel<List<Outcome>> panel : attributions) {
            if (!panel.ok()) {
                String error = panel.service() + " is unavailable: " + panel.error();
                if (panel.error() != null && !down.contains(error)) {
                    down.add(error);
                }
                continue;
            }
            for (Outcome o : panel.data()) {
                String key = Text.orEmpty(o.featureKey()) + "#" + o.number() + "#" + Text.orEmpty(o.metric());
                latest.computeIfAbsent(Text.orEmpty(o.releaseId()), id -> new LinkedHashMap<>())
                        .merge(key, o, (a, b) -> rank(b) > rank(a) ? b : a);
            }
        }
    }

    /** The distinct verdicts of the release's latest outcomes, in {@link #ALL}'s order (unknown ones last). */
    List<String> of(String releaseId) {
        Set<String> verdicts = new TreeSet<>((a, b) ->
                Integer.compare(order(a), order(b)) != 0 ? Integer.compare(order(a), order(b)) : a.compareTo(b));
        latest.getOrDefault(releaseId, Map.of()).values().forEach(o -> verdicts.add(Text.orEmpty(o.verdict())));
        return List.copyOf(verdicts);
    }

    /** Why some verdicts may be missing: attribution down for a metric. */
    List<String> down() {
        return down;
    }

    private static int order(String verdict) {
        int i = ALL.indexOf(verdict);
        return i < 0 ? ALL.size() : i;
    }

    /** Measured beats pending; a later checkpoint beats an earlier one. */
    static int rank(Outcome outcome) {
        return (outcome.measured() ? 1000 : 0) + outcome.days();
    }
}
