package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.KnownEvent;
import dev.whatmoved.attribution.repository.KnownEventRepository;
import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The calendar of known events: checks them (naming the field at fault), stores each once (the same name, days and
 * metrics are the same event), and marks the computed checkpoints whose inputs an added or removed event changes for
 * recomputation, in the same transaction. {@link OutcomeEngine} reads the events' days as missing.
 */
@ApplicationScoped
public class KnownEventService {

    public static final int MAX_NAME = 200;
    public static final int MAX_DAYS = 366;
    public static final int MAX_METRICS = 100;
    /** A metric key, as the metrics service defines it. */
    private static final Pattern METRIC = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** A checked event, ready to store. */
    public record Draft(String name, String kind, LocalDate from, LocalDate to, List<String> metrics) {

        /** SHA-256 of what makes two posts the same event (the kind is not part of it). */
        public String identityKey() {
            // no control characters in names nor in metric keys: a newline separates unambiguously
            String text = name + "\n" + from + "\n" + to + "\n" + String.join("\n", metrics);
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * An event as stored.
     *
     * @param created whether this request stored it (false: it was on the calendar already)
     */
    public record Stored(KnownEvent event, boolean created) {}

    private final KnownEventRepository events;
    private final OutcomesConfig config;
    private final Clock clock;

    public KnownEventService(KnownEventRepository events, OutcomesConfig config, Clock clock) {
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** Stores the event unless it is on the calendar already. */
    public Uni<Stored> create(KnownEventInput request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Draft draft = check(request, "", errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return Panache.withTransaction(() -> store(List.of(draft))).map(stored -> stored.get(0));
    }

    /** Stores every row's event, or none when a row is invalid; one result per row, in order. */
    public Uni<List<Stored>> importRows(List<KnownEventInput.Row> rows) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Draft> drafts = new ArrayList<>();
        for (KnownEventInput.Row row : rows) {
            if (row.unreadable() != null) {
                errors.add(new Problem.FieldError(row.field(), row.unreadable()));
            } else {
                drafts.add(check(row.event(), row.field() + ".", errors));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return Panache.withTransaction(() -> store(drafts));
    }

    @WithSession
    public Uni<List<KnownEvent>> calendar(String metric, LocalDate from, LocalDate to) {
        return events.calendar(metric, from, to);
    }

    @WithSession
    public Uni<KnownEvent> get(UUID id) {
        return events.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Known event", id));
    }

    /** Removes the event; the checkpoints that read its days are computed again without it. */
    public Uni<Void> delete(UUID id) {
        return Panache.withTransaction(() -> events.findById(id).flatMap(event -> {
            if (event == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Known event", id));
            }
            return events.delete(event)
                    .chain(() -> events.touchCheckpoints(event, config.historyDays()))
                    .invoke(touched -> Log.infof(
                            "known event %s removed (%s to %s); %d checkpoints to recompute",
                            event.id, event.from, event.to, touched))
                    .replaceWithVoid();
        }));
    }

    /** In one transaction: each draft stored once (serialised on its identity), and the checkpoints it changes marked. */
    private Uni<List<Stored>> store(List<Draft> drafts) {
        Map<String, Draft> byIdentity = new LinkedHashMap<>();
        drafts.forEach(d -> byIdentity.putIfAbsent(d.identityKey(), d));
        Map<String, Stored> stored = new LinkedHashMap<>();
        return events.lockIdentities(byIdentity.keySet())
                .chain(() -> Multi.createFrom()
                        .iterable(byIdentity.entrySet())
                        .onItem()
                        .transformToUniAndConcatenate(entry ->
                                storeOne(entry.getKey(), entry.getValue()).invoke(s -> stored.put(entry.getKey(), s)))
                        .collect()
                        .asList())
                .map(ignored -> {
                    List<Stored> answer = new ArrayList<>();
                    Map<String, Boolean> seen = new LinkedHashMap<>();
                    for (Draft draft : drafts) {
                        String key = draft.identityKey();
                        Stored s = stored.get(key);
                        // a later row naming the same event as an earlier one did not create it
                        answer.add(seen.put(key, true) == null ? s : new Stored(s.event(), false));
                    }
                    return answer;
                });
    }

    private Uni<Stored> storeOne(String identityKey, Draft draft) {
        return events.byIdentity(identityKey).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(new Stored(existing, false));
            }
            KnownEvent event = new KnownEvent();
            event.id = UUID.randomUUID();
            event.name = draft.name();
            event.kind = draft.kind();
            event.from = draft.from();
            event.to = draft.to();
            event.metrics = draft.metrics().toArray(String[]::new);
            event.identityKey = identityKey;
            event.createdAt = clock.instant();
            return events.persist(event)
                    .chain(() -> events.touchCheckpoints(event, config.historyDays()))
                    .invoke(touched -> Log.infof(
                            "known event %s (%s, %s to %s) stored; %d checkpoints to recompute",
                            event.id, event.kind, event.from, event.to, touched))
                    .map(touched -> new Stored(event, true));
        });
    }

    /** The event, or null with the reasons added to {@code errors} (fields named after {@code prefix}). */
    static Draft check(KnownEventInput request, String prefix, List<Problem.FieldError> errors) {
        int before = errors.size();
        if (request == null) {
            errors.add(new Problem.FieldError(
                    prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be a known event"));
            return null;
        }
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add(new Problem.FieldError(prefix + "name", "must not be blank"));
        } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
            errors.add(new Problem.FieldError(prefix + "name", "at most " + MAX_NAME + " characters"));
        } else if (request.name().codePoints().anyMatch(KnownEventService::control)) {
            errors.add(new Problem.FieldError(prefix + "name", "must not contain control characters"));
        }
        String kind = request.kind();
        if (kind == null || !KnownEvent.KINDS.contains(kind)) {
            errors.add(
                    new Problem.FieldError(prefix + "kind", "must be one of " + String.join(", ", KnownEvent.KINDS)));
        }
        LocalDate from = date(request.from(), prefix + "from", errors);
        LocalDate to = date(request.to(), prefix + "to", errors);
        if (from != null && to != null) {
            long days = ChronoUnit.DAYS.between(from, to) + 1;
            if (days < 1) {
                errors.add(new Problem.FieldError(prefix + "to", "must not be before from (" + from + ")"));
            } else if (days > MAX_DAYS) {
                errors.add(new Problem.FieldError(
                        prefix + "to", "at most " + MAX_DAYS + " days from " + from + " (" + days + " given)"));
            }
        }
        TreeSet<String> metrics = new TreeSet<>();
        List<String> given = request.metrics() == null ? List.of() : request.metrics();
        if (given.size() > MAX_METRICS) {
            errors.add(new Problem.FieldError(prefix + "metrics", "at most " + MAX_METRICS + " metrics"));
        } else {
            for (int i = 0; i < given.size(); i++) {
                String metric = given.get(i);
                if (metric == null || !METRIC.matcher(metric).matches()) {
                    errors.add(new Problem.FieldError(
                            prefix + "metrics[" + i + "]",
                            "must be a metric key: lowercase letters, digits, dots, underscores and dashes, at most 128"
                                    + " characters"));
                } else {
                    metrics.add(metric);
                }
            }
        }
        return errors.size() > before ? null : new Draft(name, kind, from, to, List.copyOf(metrics));
    }

    /** One 400 naming every field at fault (the first 100). */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        List<Problem.FieldError> shown = errors.size() > 100 ? errors.subList(0, 100) : errors;
        StringBuilder detail = new StringBuilder();
        for (Problem.FieldError error : shown) {
            detail.append(detail.isEmpty() ? "" : "; ")
                    .append(error.field())
                    .append(": ")
                    .append(error.message());
        }
        if (shown.size() < errors.size()) {
            detail.append("; and ").append(errors.size() - shown.size()).append(" more");
        }
        return new ProblemException(400, "invalid-request", "Invalid request", detail.toString(), shown);
    }

    private static LocalDate date(String value, String field, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "must be an ISO date such as 2026-11-27"));
            return null;
        }
        try {
            if (DATE.matcher(value).matches()) {
                return LocalDate.parse(value);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(field, "must be an ISO date such as 2026-11-27"));
        return null;
    }

    /** C0 and C1 controls, and line and paragraph separators. */
    private static boolean control(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
