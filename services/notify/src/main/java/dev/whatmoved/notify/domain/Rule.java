package dev.whatmoved.notify.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A team's routing of notification kinds to one channel.
 *
 * @param target the webhook URL, or the email addresses separated by commas: a credential for the HTTP channels
 * @param secret the generic webhook's signing key, or null
 * @param services services whose unlinked releases this rule hears about although the team never linked a feature to
 *     them
 */
public record Rule(
        UUID id,
        String team,
        String name,
        List<NotificationKind> kinds,
        ChannelType channel,
        String target,
        String secret,
        List<String> services,
        Instant createdAt,
        int consecutiveFailures,
        String lastError,
        Instant lastFailureAt,
        Instant lastDeliveredAt) {}
