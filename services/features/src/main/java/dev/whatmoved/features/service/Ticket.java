package dev.whatmoved.features.service;

/**
 * A feature's ticket in the team's tracker.
 *
 * @param url where the ticket is read; null when not given
 */
public record Ticket(String key, String url) {}
