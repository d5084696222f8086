package dev.whatmoved.local.scale;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Every outcome the posted releases should have, exactly once: in attribution's database (each checkpoint's versions
 * are 1..n with no gap and no repeat), through its API (one outcome per checkpoint) and on {@code whatmoved.outcomes}
 * (one event per outcome version, and every version the database holds).
 */
final class OutcomeCheck {

    /** A release the bench posted, linking one feature whose prediction 1 is on one metric. */
    record PostedRelease(UUID id, String featureKey, LocalDate day) {}

    record Outcome(int expectedOutcomes, int versions, int events, int redeliveredCopies, List<String> problems) {

        boolean exactlyOnce() {
            return problems.isEmpty();
        }
    }

    /** The services' defaults (application.properties): checkpoints, the default 90-day horizon, the grace. */
    static final int[] CHECKPOINTS = {1, 7, 14, 30, 60, 90};

    static final Duration GRACE = Duration.ofHours(6);
    /** Checkpoints that fell due only just now are left out: the job may not have run since. */
    static final Duration SETTLED = Duration.ofMinutes(5);

    private final Db attribution;
    private final Api api;
    private final URI attributionUrl;
    private final Broker broker;

    OutcomeCheck(Db attribution, Api api, URI attributionUrl, Broker broker) {
        this.attribution = attribution;
        this.api = api;
        this.attributionUrl = attributionUrl;
        this.broker = broker;
    }

    /** When checkpoint {@code days} of a release on {@code releaseDay} is measured (as attribution plans it). */
    static Instant dueAt(LocalDate releaseDay, int days) {
        return releaseDay
                .plusDays(days + 1L)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .plus(GRACE);
    }

    Outcome check(List<PostedRelease> releases, Instant now) {
        List<String> problems = new ArrayList<>();

        // the database: no version twice, none missing, the checkpoint's version is its newest outcome
        Map<String, Integer> versionsByCheckpoint = new HashMap<>();
        for (Object[] row : attribution.rows("select c.id, c.version, c.stale, count(o.version), min(o.version),"
                + " max(o.version), count(distinct o.version) from checkpoint c left join outcome o"
                + " on o.checkpoint_id = c.id group by c.id, c.version, c.stale")) {
            String id = row[0].toString();
            int version = ((Number) row[1]).intValue();
            long count = ((Number) row[3]).longValue();
            long distinct = ((Number) row[6]).longValue();
            if (count > 0) {
                int min = ((Number) row[4]).intValue();
                int max = ((Number) row[5]).intValue();
                if (distinct != count || min != 1 || max != count) {
                    problems.add("checkpoint " + id + ": outcome versions " + min + ".." + max + " in " + count
                            + " rows (" + distinct + " distinct), expected 1.." + count + " once each");
                }
                if (max != version) {
                    problems.add(
                            "checkpoint " + id + " is at version " + version + " but its newest outcome is " + max);
                }
            }
            versionsByCheckpoint.put(id, (int) count);
        }

        // every expected outcome: its checkpoint, computed and not stale, once in the release's outcomes
        int expectedOutcomes = 0;
        for (PostedRelease release : releases) {
            JsonNode outcomes = api.get(attributionUrl.resolve("/api/releases/" + release.id() + "/outcomes"))
                    .path("outcomes");
            for (int days : CHECKPOINTS) {
                if (dueAt(release.day(), days).isAfter(now.minus(SETTLED))) {
                    continue;
                }
                expectedOutcomes++;
                String what = "release " + release.id() + " (" + release.day() + ") " + release.featureKey()
                        + " checkpoint " + days + " d";
                List<Object[]> rows = attribution.rows(
                        "select id, version, stale from checkpoint where release_id = ? and feature_key = ?"
                                + " and prediction_number = 1 and checkpoint_days = ?",
                        release.id(),
                        release.featureKey(),
                        days);
                if (rows.size() != 1) {
                    problems.add(what + ": " + rows.size() + " checkpoints in the database, expected 1");
                    continue;
                }
                String id = rows.get(0)[0].toString();
                int version = ((Number) rows.get(0)[1]).intValue();
                if (versionsByCheckpoint.getOrDefault(id, 0) < 1) {
                    problems.add(what + ": no outcome in the database");
                }
                if ((Boolean) rows.get(0)[2]) {
                    problems.add(what + ": still stale after the system settled");
                }
                List<JsonNode> listed = new ArrayList<>();
                for (JsonNode outcome : outcomes) {
                    if (outcome.path("checkpointDays").asInt() == days
                            && release.featureKey()
                                    .equals(outcome.path("featureKey").asText())) {
                        listed.add(outcome);
                    }
                }
                if (listed.size() != 1) {
                    problems.add(what + ": listed " + listed.size() + " times by GET /api/releases/{id}/outcomes");
                } else if (listed.get(0).path("measuredAt").isNull()
                        || listed.get(0).path("version").asInt() != version) {
                    problems.add(what + ": the API shows " + listed.get(0) + ", expected version " + version);
                }
            }
        }

        // the topic: one event per outcome version, and every version the database holds
        Set<String> inDatabase = new TreeSet<>();
        Set<String> settled = new TreeSet<>();
        for (Object[] row : attribution.rows(
                "select o.checkpoint_id, o.version, c.due_at <= ? from outcome o"
                        + " join checkpoint c on c.id = o.checkpoint_id",
                Timestamp.from(now.minus(SETTLED)))) {
            inDatabase.add(row[0] + "#" + row[1]);
            if ((Boolean) row[2]) {
                settled.add(row[0] + "#" + row[1]);
            }
        }
        List<Broker.OutcomeEvent> events = broker.outcomeEvents();
        Map<String, Set<String>> idsByVersion = new HashMap<>();
        for (Broker.OutcomeEvent event : events) {
            idsByVersion
                    .computeIfAbsent(event.outcomeId() + "#" + event.version(), k -> new HashSet<>())
                    .add(event.eventId());
        }
        // the outbox relays at least once: a copy with the same event id (a crash between send and delete) is not a
        // second outcome, consumers drop it by id; it is counted, not failed
        int copies = events.size()
                - (int) events.stream()
                        .map(Broker.OutcomeEvent::eventId)
                        .distinct()
                        .count();
        idsByVersion.forEach((version, ids) -> {
            if (ids.size() > 1) {
                problems.add("outcome " + version + " published as " + ids.size() + " different events " + ids);
            }
        });
        // (a checkpoint that fell due in the last minutes may still be on its way through the outbox)
        Set<String> missing = new TreeSet<>(settled);
        missing.removeAll(idsByVersion.keySet());
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " outcome versions in the database never reached the topic: " + missing);
        }
        Set<String> unknown = new TreeSet<>(idsByVersion.keySet());
        unknown.removeAll(inDatabase);
        if (!unknown.isEmpty()) {
            problems.add(unknown.size() + " outcome versions on the topic are not in the database: " + unknown);
        }
        return new Outcome(expectedOutcomes, inDatabase.size(), events.size(), copies, problems);
    }
}
