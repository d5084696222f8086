package dev.whatmoved.notify.channel;

import dev.whatmoved.notify.domain.Message;

/** An email of a notification: the title as subject, an HTML body (summary, a table of facts, links to the console and
 * the feature's ticket) and plain text. */
public final class EmailMessage {

    private EmailMessage() {}

    public static String subject(Message message) {
        return "[whatmoved] " + message.title();
    }

    public static String html(Message message) {
        StringBuilder html = new StringBuilder()
                .append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">")
                .append("<h2>")
                .append(escape(message.title()))
                .append("</h2><p>")
                .append(escape(message.summary()))
                .append("</p><table style=\"border-collapse:collapse\">");
        for (Message.Fact fact : message.facts()) {
            html.append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">")
                    .append(escape(fact.label()))
                    .append("</th><td>")
                    .append(escape(fact.value()))
                    .append("</td></tr>");
        }
        html.append("</table>");
        if (message.link() != null) {
            html.append("<p><a href=\"").append(escape(message.link())).append("\">Open in whatmoved</a></p>");
        }
        Message.Tracker tracker = message.tracker();
        if (tracker != null && tracker.url() != null) {
            html.append("<p><a href=\"")
                    .append(escape(tracker.url()))
                    .append("\">")
                    .append(escape(tracker.label()))
                    .append("</a></p>");
        } else if (tracker != null) {
            html.append("<p>").append(escape(tracker.label())).append("</p>");
        }
        return html.append("</body></html>").toString();
    }

    public static String text(Message message) {
        StringBuilder text = new StringBuilder(message.title())
                .append("\n\n")
                .append(message.summary())
                .append("\n\n");
        message.facts()
                .forEach(f ->
                        text.append(f.label()).append(": ").append(f.value()).append('\n'));
        if (message.link() != null) {
            text.append('\n').append(message.link()).append('\n');
        }
        Message.Tracker tracker = message.tracker();
        if (tracker != null) {
            text.append('\n')
                    .append(tracker.label())
                    .append(tracker.url() == null ? "" : ": " + tracker.url())
                    .append('\n');
        }
        return text.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
