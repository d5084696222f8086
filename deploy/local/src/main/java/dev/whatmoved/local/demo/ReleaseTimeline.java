package dev.whatmoved.local.demo;

import dev.whatmoved.local.demo.Scenario.Release;
import dev.whatmoved.local.demo.Scenario.Source;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The quarter's deployments as they are written down, one after the other: numbers each ({@code r01}, {@code r02},
 * ...), stamps it at its day and hour of the quarter, makes up its commit sha, and links a rollback or a redeploy to
 * the latest deployment of its service.
 */
final class ReleaseTimeline {

    private final List<Release> releases = new ArrayList<>();
    private final LocalDate start;

    /** A timeline of the quarter that begins on {@code start}. */
    ReleaseTimeline(LocalDate start) {
        this.start = start;
    }

    /** The deployments so far, in the order they were added. */
    List<Release> releases() {
        return List.copyOf(releases);
    }

    void add(
            int day,
            int hour,
            String service,
            String version,
            Source source,
            String title,
            List<String> features,
            Map<String, Double> effects,
            String actor) {
        releases.add(release(day, hour, service, version, source, title, features, false, null, effects, actor));
    }

    /** A deployment flagged as a rollback (CDEvents service.rolledback, native rollback: true) of the latest one. */
    void rollback(int day, int hour, String service, String version, Source source, String title, String actor) {
        releases.add(
                release(day, hour, service, version, source, title, List.of(), true, latest(service), Map.of(), actor));
    }

    /** A deployment of an earlier version: whatmoved takes it as a rollback of the latest one. */
    void redeploy(int day, int hour, String service, String version, Source source, String title, String actor) {
        releases.add(release(
                day, hour, service, version, source, title, List.of(), false, latest(service), Map.of(), actor));
    }

    private String latest(String service) {
        for (int i = releases.size() - 1; i >= 0; i--) {
            if (releases.get(i).service().equals(service)) {
                return releases.get(i).id();
            }
        }
        throw new IllegalStateException("nothing to roll back in " + service);
    }

    private Release release(
            int day,
            int hour,
            String service,
            String version,
            Source source,
            String title,
            List<String> features,
            boolean rollback,
            String rollsBack,
            Map<String, Double> effects,
            String actor) {
        String id = "r%02d".formatted(releases.size() + 1);
        Instant at = start.plusDays(day)
                .atTime(hour, (day * 7) % 60, (day * 13) % 60)
                .toInstant(ZoneOffset.UTC);
        return new Release(
                id,
                at,
                service,
                version,
                source,
                commit(service + "@" + version + "#" + id),
                title,
                List.copyOf(features),
                rollback,
                Optional.ofNullable(rollsBack),
                new LinkedHashMap<>(effects),
                actor);
    }

    /** A stable 40-hex commit sha made up from the release. */
    private static String commit(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
