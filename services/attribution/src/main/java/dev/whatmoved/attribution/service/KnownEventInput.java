package dev.whatmoved.attribution.service;

import java.util.List;

/**
 * A known event as given, unchecked ({@link KnownEventService} checks it and names each field at fault).
 *
 * @param from the first day, an ISO date
 * @param to the last day, an ISO date
 */
public record KnownEventInput(String name, String kind, String from, String to, List<String> metrics) {

    /**
     * One row of an import: the prefix of its field names in errors ({@code line[3]}) and the event it describes, or
     * why it cannot be read.
     *
     * @param unreadable why the row cannot be read as an event, or null
     */
    public record Row(String field, KnownEventInput event, String unreadable) {}
}
