package dev.whatmoved.notify.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one delivery sends: stored as JSON in the delivery row when the event is applied, so that a later change of the
 * facts (a feature renamed) does not change what an already decided notification says.
 *
 * @param kind the {@link NotificationKind} wire name
 * @param cloudEvent the consumed event in CloudEvents structured JSON (what a generic webhook receives)
 */
public record Notification(String kind, String team, Message message, ObjectNode cloudEvent) {}
