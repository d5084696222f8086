package dev.whatmoved.attribution.rest;

import java.util.List;

/**
 * What a CSV import stored.
 *
 * @param created events new to the calendar
 * @param existing rows that named an event already stored (or an earlier row of the same file)
 * @param events one per data row, in the file's order: the stored event
 */
public record KnownEventImport(int created, int existing, List<KnownEventView> events) {}
