package dev.whatmoved.notify.service;

import java.util.List;

/**
 * A rule as a team asks for it, before {@link RuleService} checks it: the use case's own input, mapped from the API's
 * request at the edge.
 *
 * @param name a label for people
 * @param events the notification kinds' wire names, as given
 * @param channelType {@code slack}, {@code teams}, {@code webhook} or {@code email}, as given
 * @param url the incoming webhook's URL, or null
 * @param secret a generic webhook's signing key, or null
 * @param to an email rule's addresses, or null
 * @param services services whose events the rule also hears about, or null
 */
public record RuleDraft(
        String name,
        List<String> events,
        String channelType,
        String url,
        String secret,
        List<String> to,
        List<String> services) {}
