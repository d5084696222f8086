package dev.whatmoved.notify.service;

import dev.whatmoved.notify.domain.Message;
import dev.whatmoved.notify.domain.NotificationKind;
import java.util.Set;

/**
 * A notification an event calls for, before the rules decide who receives it.
 *
 * @param teams the teams it concerns (the feature's team; for a release, the teams that own its service)
 * @param service the release's service, for rules that name services; null when the event has none
 */
public record PlannedNotification(NotificationKind kind, Set<String> teams, String service, Message message) {}
