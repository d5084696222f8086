package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.KnownEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

@ApplicationScoped
public class KnownEventRepository implements PanacheRepositoryBase<KnownEvent, UUID> {

    /** Events on every metric or naming {@code ?1} that share a day with {@code [?2, ?3]}. */
    private static final String APPLYING =
            """
            select * from known_event
             where (cardinality(metrics) = 0 or ?1 = any(metrics)) and day_from <= ?3 and day_to >= ?2
             order by day_from, id
            """;

    /**
     * Waits for a transaction-scoped lock on an event's identity, so that two posts of the same event store it once
     * (its own key space: the features' planning lock uses 20251124).
     */
    private static final String LOCK_IDENTITY =
            "select count(*) from (select pg_advisory_xact_lock(20260515, hashtext(?1))) as locked";

    /**
     * Computed checkpoints of a metric whose reading (the metric's history, then the window) holds a day of the
     * event: their inputs changed. {@code ?2} is the event's last day plus the days of history read before a window.
     */
    private static final String TOUCH_METRIC =
            """
            update checkpoint set stale = true, failures = 0, retry_at = null
             where metric = ?1 and window_from <= ?2 and window_to >= ?3 and (version > 0 or failures > 0) and not stale
            """;

    /** {@link #TOUCH_METRIC} for an event on every metric. */
    private static final String TOUCH_ALL =
            """
            update checkpoint set stale = true, failures = 0, retry_at = null
             where window_from <= ?1 and window_to >= ?2 and (version > 0 or failures > 0) and not stale
            """;

    public Uni<KnownEvent> byIdentity(String identityKey) {
        return find("identityKey", identityKey).firstResult();
    }

    /** Locks these identities for this transaction, in order (two imports cannot wait on each other). */
    public Uni<Void> lockIdentities(Set<String> identityKeys) {
        Uni<Void> locked = Uni.createFrom().voidItem();
        for (String key : new TreeSet<>(identityKeys)) {
            locked = locked.chain(() -> Panache.getSession()
                    .flatMap(session -> session.createNativeQuery(LOCK_IDENTITY)
                            .setParameter(1, key)
                            .getSingleResult())
                    .replaceWithVoid());
        }
        return locked;
    }

    /**
     * Events on the calendar, by first day: those that apply to {@code metric} (naming it, or every metric) when it is
     * not null, and that share a day with {@code [from, to]} (either end may be null: open).
     */
    public Uni<List<KnownEvent>> calendar(String metric, LocalDate from, LocalDate to) {
        StringBuilder sql = new StringBuilder("select * from known_event where true");
        List<Object> parameters = new ArrayList<>();
        if (metric != null) {
            parameters.add(metric);
            sql.append(" and (cardinality(metrics) = 0 or ?")
                    .append(parameters.size())
                    .append(" = any(metrics))");
        }
        if (from != null) {
            parameters.add(from);
            sql.append(" and day_to >= ?").append(parameters.size());
        }
        if (to != null) {
            parameters.add(to);
            sql.append(" and day_from <= ?").append(parameters.size());
        }
        sql.append(" order by day_from, day_to, name, id");
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql.toString(), KnownEvent.class);
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
            return query.getResultList();
        });
    }

    /** Events that apply to the metric (naming it, or every metric) and share a day with {@code [from, to]}. */
    public Uni<List<KnownEvent>> applying(String metric, LocalDate from, LocalDate to) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(APPLYING, KnownEvent.class)
                .setParameter(1, metric)
                .setParameter(2, from)
                .setParameter(3, to)
                .getResultList());
    }

    /** The days of {@code [from, to]} that events applying to the metric cover: the model reads them as missing. */
    public Uni<Set<LocalDate>> excludedDays(String metric, LocalDate from, LocalDate to) {
        return applying(metric, from, to).map(events -> {
            Set<LocalDate> days = new TreeSet<>();
            for (KnownEvent event : events) {
                LocalDate first = event.from.isBefore(from) ? from : event.from;
                LocalDate last = event.to.isAfter(to) ? to : event.to;
                for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                    days.add(day);
                }
            }
            return days;
        });
    }

    /**
     * Marks for recomputation the computed checkpoints that read a day of the event: of the metrics it names (of every
     * metric when it names none) whose history of {@code historyDays} and window hold one of its days.
     *
     * @return how many were marked
     */
    public Uni<Integer> touchCheckpoints(KnownEvent event, int historyDays) {
        LocalDate readFromAtMost = event.to.plusDays(historyDays);
        if (event.global()) {
            return Panache.getSession().flatMap(session -> session.createNativeQuery(TOUCH_ALL)
                    .setParameter(1, readFromAtMost)
                    .setParameter(2, event.from)
                    .executeUpdate());
        }
        Uni<Integer> touched = Uni.createFrom().item(0);
        for (String metric : event.metrics) {
            touched = touched.chain(sum -> Panache.getSession()
                    .flatMap(session -> session.createNativeQuery(TOUCH_METRIC)
                            .setParameter(1, metric)
                            .setParameter(2, readFromAtMost)
                            .setParameter(3, event.from)
                            .executeUpdate())
                    .map(n -> sum + n));
        }
        return touched;
    }
}
