package dev.whatmoved.notify.rest;

import dev.whatmoved.notify.domain.NotificationKind;
import dev.whatmoved.notify.domain.Rule;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A rule as the API answers it: the channel's URL only as its scheme and host, the secret only as whether it is set.
 *
 * @param receiver how its receiver has fared: failures in a row (0 after a success), the last error and when
 */
public record RuleView(
        UUID id,
        String team,
        String name,
        List<String> events,
        ChannelView channel,
        List<String> services,
        Instant createdAt,
        Receiver receiver) {

    /**
     * @param url scheme and host of the webhook (e.g. {@code https://hooks.slack.com/…}); its path holds its token
     * @param secretSet whether a signing secret is set (webhook)
     */
    public record ChannelView(String type, String url, List<String> to, boolean secretSet) {}

    /** @param failing whether the failures in a row reached {@code whatmoved.notify.failing-after} */
    public record Receiver(
            int consecutiveFailures,
            boolean failing,
            String lastError,
            Instant lastFailureAt,
            Instant lastDeliveredAt) {}

    public static RuleView of(Rule rule, int failingAfter) {
        boolean http = rule.channel().isHttp();
        return new RuleView(
                rule.id(),
                rule.team(),
                rule.name(),
                rule.kinds().stream().map(NotificationKind::wire).toList(),
                new ChannelView(
                        rule.channel().wire(),
                        http ? redact(rule.target()) : null,
                        http ? null : Arrays.stream(rule.target().split(",")).toList(),
                        rule.secret() != null),
                rule.services(),
                rule.createdAt(),
                new Receiver(
                        rule.consecutiveFailures(),
                        rule.consecutiveFailures() >= failingAfter,
                        rule.lastError(),
                        rule.lastFailureAt(),
                        rule.lastDeliveredAt()));
    }

    /** Scheme, host and port: enough to recognise the receiver, nothing of the token in its path or query. */
    static String redact(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
    }
}
