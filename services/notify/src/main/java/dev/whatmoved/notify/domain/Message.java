package dev.whatmoved.notify.domain;

import java.util.List;

/**
 * A notification in words, the same for every channel: each channel lays it out in its own format.
 *
 * @param title one line, e.g. "Verdict: checkout-one-click moved checkout.conversions as predicted"
 * @param summary a sentence or two of plain text
 * @param facts labelled values shown as a table (Slack fields, a Teams FactSet, an email table)
 * @param link where to read more (the console), or null
 */
public record Message(String title, String summary, List<Fact> facts, String link) {

    public record Fact(String label, String value) {}
}
