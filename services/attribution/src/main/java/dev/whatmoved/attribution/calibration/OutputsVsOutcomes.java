package dev.whatmoved.attribution.calibration;

import dev.whatmoved.attribution.domain.Release;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What each team shipped in a period (outputs: features shipped, releases, rollbacks) against what its predictions
 * did (outcomes: the verdicts of the predictions of the features shipped in that period). A release counts for every
 * team whose feature it links; a release that links no known feature counts for the team {@code null}.
 */
public final class OutputsVsOutcomes {

    public record Row(
            String team,
            String period,
            LocalDate from,
            LocalDate to,
            int featuresShipped,
            int releases,
            int rolledBack,
            int predictions,
            int movedAsPredicted,
            int movedOpposite,
            int noDetectableChange,
            int inconclusive,
            int pending) {}

    private OutputsVsOutcomes() {}

    /**
     * @param teamOfFeature the team of each known feature
     * @param rolledBack ids of the releases that were rolled back
     */
    public static List<Row> count(
            Period period,
            List<Release> releases,
            Set<java.util.UUID> rolledBack,
            Map<String, String> teamOfFeature,
            List<TrackRecord> records) {
        Map<Key, Counter> rows = new TreeMap<>();
        Function<Key, Counter> counter = key -> rows.computeIfAbsent(key, k -> new Counter());
        for (Release release : releases) {
            if (release.rollbackOf != null) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(release.deployedAt, ZoneOffset.UTC);
            Set<String> teams = new TreeSet<>(Comparator.nullsFirst(Comparator.naturalOrder()));
            for (String feature : release.features) {
                if (teamOfFeature.containsKey(feature)) {
                    teams.add(teamOfFeature.get(feature));
                }
            }
            if (teams.isEmpty()) {
                teams.add(null);
            }
            for (String team : teams) {
                Counter row = counter.apply(new Key(team, period.start(day)));
                row.releases++;
                row.rolledBack += rolledBack.contains(release.id) ? 1 : 0;
            }
        }
        Set<String> shipped = new TreeSet<>();
        for (TrackRecord record : records) {
            Counter row = counter.apply(new Key(record.team(), period.start(record.shipped())));
            if (shipped.add(record.featureKey())) {
                row.featuresShipped++;
            }
            if (!record.guardrail()) {
                row.add(record.verdict());
            }
        }
        List<Row> result = new ArrayList<>();
        rows.forEach((key, row) -> result.add(new Row(
                key.team,
                period.label(key.start),
                key.start,
                period.end(key.start),
                row.featuresShipped,
                row.releases,
                row.rolledBack,
                row.predictions,
                row.movedAsPredicted,
                row.movedOpposite,
                row.noDetectableChange,
                row.inconclusive,
                row.pending)));
        return result;
    }

    private record Key(String team, LocalDate start) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byPeriod = other.start.compareTo(start);
            if (byPeriod != 0) {
                return byPeriod;
            }
            return Objects.compare(team, other.team, Comparator.nullsLast(Comparator.naturalOrder()));
        }
    }

    private static final class Counter {
        int featuresShipped;
        int releases;
        int rolledBack;
        int predictions;
        int movedAsPredicted;
        int movedOpposite;
        int noDetectableChange;
        int inconclusive;
        int pending;

        void add(String verdict) {
            predictions++;
            switch (verdict) {
                case TrackRecord.MOVED_AS_PREDICTED -> movedAsPredicted++;
                case TrackRecord.MOVED_OPPOSITE -> movedOpposite++;
                case TrackRecord.NO_DETECTABLE_CHANGE -> noDetectableChange++;
                case TrackRecord.INCONCLUSIVE -> inconclusive++;
                default -> pending++;
            }
        }
    }
}
