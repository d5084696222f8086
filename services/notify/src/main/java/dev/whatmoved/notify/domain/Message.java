package dev.whatmoved.notify.domain;

import java.util.List;

/**
 * A notification in words, the same for every channel: each channel lays it out in its own format.
 *
 * @param title one line, e.g. "Verdict: checkout-one-click moved checkout.conversions as predicted"
 * @param summary a sentence or two of plain text
 * @param facts labelled values shown as a table (Slack fields, a Teams FactSet, an email table)
 * @param link where to read more (the console), or null
 * @param tracker the ticket of the feature the message is about, or null: each channel links back to it
 */
public record Message(String title, String summary, List<Fact> facts, String link, Tracker tracker) {

    public Message(String title, String summary, List<Fact> facts, String link) {
        this(title, summary, facts, link, null);
    }

    /** The same message, linking back to the feature's ticket (none: unchanged). */
    public Message withTracker(Tracker tracker) {
        return tracker == null ? this : new Message(title, summary, facts, link, tracker);
    }

    public record Fact(String label, String value) {}

    /**
     * A feature's ticket: {@code SHOP-123} or {@code owner/repo#42}, and where it is read (null when the feature names
     * none).
     */
    public record Tracker(String key, String url) {

        /** The label of a link to it, e.g. "Ticket SHOP-123". */
        public String label() {
            return "Ticket " + key;
        }
    }
}
