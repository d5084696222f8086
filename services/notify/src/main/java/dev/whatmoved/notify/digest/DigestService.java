package dev.whatmoved.notify.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.notify.config.NotifyConfig;
import dev.whatmoved.notify.domain.Message;
import dev.whatmoved.notify.domain.Notification;
import dev.whatmoved.notify.domain.NotificationKind;
import dev.whatmoved.notify.domain.Rule;
import dev.whatmoved.notify.repository.DeliveryRepository;
import dev.whatmoved.notify.repository.RuleRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Builds a team's digest, and queues the weekly one for every rule that routes {@code digest.weekly}. */
@ApplicationScoped
public class DigestService {

    /** The CloudEvents type of the weekly digest a generic webhook receives (it never travels on Kafka). */
    public static final String EVENT_TYPE = "dev.whatmoved.notify.digest.v1";

    private final DigestRepository digests;
    private final RuleRepository rules;
    private final DeliveryRepository deliveries;
    private final Pool pool;
    private final ObjectMapper json;
    private final Optional<String> consoleUrl;
    private final CalibrationClient calibration;

    public DigestService(
            DigestRepository digests,
            RuleRepository rules,
            DeliveryRepository deliveries,
            Pool pool,
            ObjectMapper json,
            NotifyConfig config,
            CalibrationClient calibration) {
        this.digests = digests;
        this.rules = rules;
        this.deliveries = deliveries;
        this.pool = pool;
        this.json = json;
        this.consoleUrl = config.consoleUrl();
        this.calibration = calibration;
    }

    /**
     * The team's digest of a period.
     *
     * @param authorization the caller's Authorization header, sent on to attribution for the calibration trend; null
     *     for the weekly digest (notify's own token is sent)
     */
    public Uni<Digest> digest(String team, Instant from, Instant to, String authorization) {
        return digests.happenings(team, from, to)
                .chain(items -> digests.pending(team).chain(pending -> calibration
                        .trend(team, authorization)
                        .map(trend -> new Digest(
                                team,
                                from,
                                to,
                                of(items, NotificationKind.VERDICT_FINAL, NotificationKind.VERDICT_EARLY_READ),
                                of(items, NotificationKind.GUARDRAIL_BREACHED),
                                of(items, NotificationKind.RELEASE_UNLINKED, NotificationKind.FEATURE_UNPREDICTED),
                                of(items, NotificationKind.PREDICTION_AMENDED_AFTER_SHIP),
                                pending,
                                trend))));
    }

    /**
     * Queues the digest of the week ending at {@code weekEnd} for every rule routing {@code digest.weekly}: once per
     * rule and week (its event id names the team and the week), however often this runs and on however many instances.
     */
    public Uni<Integer> queueWeekly(Instant weekEnd) {
        Instant weekStart = weekEnd.minusSeconds(7 * 86_400L);
        return rules.routing(NotificationKind.DIGEST_WEEKLY.wire()).chain(routing -> Multi.createFrom()
                .iterable(routing)
                .onItem()
                .transformToUniAndConcatenate(
                        rule -> digest(rule.team(), weekStart, weekEnd, null).chain(digest -> queue(rule, digest)))
                .collect()
                .asList()
                .map(List::size));
    }

    private Uni<Void> queue(Rule rule, Digest digest) {
        String eventId = "digest/" + rule.team() + "/" + DigestMarkdown.day(digest.to());
        Notification notification = new Notification(
                NotificationKind.DIGEST_WEEKLY.wire(), rule.team(), message(digest), cloudEvent(eventId, digest));
        return pool.withTransaction(conn -> deliveries.enqueue(
                conn,
                eventId,
                rule.id(),
                rule.team(),
                NotificationKind.DIGEST_WEEKLY.wire(),
                new JsonObject(json.convertValue(notification, Map.class))));
    }

    /** The digest in a message's words: counts as the summary, the week's items as facts (ten at most). */
    Message message(Digest d) {
        String title = "What moved for %s: %s to %s"
                .formatted(d.team(), DigestMarkdown.day(d.from()), DigestMarkdown.day(d.to().minusSeconds(1)));
        String summary = ("%d verdicts landed, %d guardrail breaches, %d releases without a prediction, %d predictions"
                        + " amended after ship; %d predictions still pending.")
                .formatted(
                        d.verdicts().size(),
                        d.breaches().size(),
                        d.withoutPrediction().size(),
                        d.amended().size(),
                        d.pending().size());
        List<Message.Fact> facts = new ArrayList<>();
        Stream.of(d.breaches(), d.verdicts(), d.withoutPrediction(), d.amended())
                .flatMap(List::stream)
                .limit(9)
                .forEach(item -> facts.add(new Message.Fact(label(item.kind()), item.title())));
        d.pending().stream()
                .findFirst()
                .ifPresent(p -> facts.add(new Message.Fact(
                        "Next read",
                        "%s #%d %s: day %d on %s"
                                .formatted(
                                        p.featureKey(),
                                        p.predictionNumber(),
                                        p.metric(),
                                        p.nextCheckpointDays(),
                                        DigestMarkdown.day(p.nextReadAt())))));
        return new Message(
                title,
                summary,
                facts,
                consoleUrl.map(url -> url + "/calibration").orElse(null));
    }

    private ObjectNode cloudEvent(String id, Digest digest) {
        ObjectNode event = json.createObjectNode()
                .put("specversion", "1.0")
                .put("id", id)
                .put("source", "/whatmoved/notify")
                .put("type", EVENT_TYPE)
                .put("subject", digest.team())
                .put("time", Instant.now().toString())
                .put("datacontenttype", "application/json");
        event.putObject("data")
                .put("team", digest.team())
                .put("from", digest.from().toString())
                .put("to", digest.to().toString())
                .put("markdown", DigestMarkdown.of(digest));
        return event;
    }

    private static String label(String kind) {
        return switch (kind) {
            case "verdict.final" -> "Verdict";
            case "verdict.early-read" -> "Early read";
            case "guardrail.breached" -> "Guardrail";
            case "prediction.amended-after-ship" -> "Amended";
            default -> "No prediction";
        };
    }

    private static List<Digest.Item> of(List<Digest.Item> items, NotificationKind... kinds) {
        List<String> wanted = Stream.of(kinds).map(NotificationKind::wire).toList();
        return items.stream().filter(i -> wanted.contains(i.kind())).toList();
    }
}
