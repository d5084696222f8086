package dev.whatmoved.notify.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A consumed CloudEvent's identity and its structured-mode JSON (attributes and data), as a generic webhook receives it.
 */
public record IncomingEvent(String id, String type, String subject, ObjectNode cloudEvent) {}
