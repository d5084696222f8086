package dev.whatmoved.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.notify.domain.Message;
import java.util.List;

/**
 * A message for a Slack incoming webhook in Block Kit: a header, a section with the summary and up to ten fields, and
 * a link. {@code text} is the fallback Slack shows in notifications. Slack's limits are kept (header 150 characters,
 * section text 3000, a field 2000, ten fields).
 */
public final class SlackMessage {

    static final int HEADER_MAX = 150;
    static final int FIELD_MAX = 2000;
    static final int FIELDS_MAX = 10;
    static final int BUTTON_MAX = 75;

    private SlackMessage() {}

    public static ObjectNode of(Message message, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("text", clip(message.title(), 3000));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", clip(message.title(), HEADER_MAX));
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", clip(escape(message.summary()), 3000));
        List<Message.Fact> facts = message.facts().stream().limit(FIELDS_MAX).toList();
        if (!facts.isEmpty()) {
            ArrayNode fields = section.putArray("fields");
            for (Message.Fact fact : facts) {
                fields.addObject()
                        .put("type", "mrkdwn")
                        .put("text", clip("*" + escape(fact.label()) + "*\n" + escape(fact.value()), FIELD_MAX));
            }
        }
        Message.Tracker tracker = message.tracker();
        boolean trackerLink = tracker != null && tracker.url() != null;
        if (message.link() != null || trackerLink) {
            ArrayNode elements = blocks.addObject().put("type", "actions").putArray("elements");
            if (message.link() != null) {
                button(elements, "Open in whatmoved", message.link());
            }
            if (trackerLink) {
                button(elements, clip(tracker.label(), BUTTON_MAX), tracker.url());
            }
        }
        ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
        if (tracker != null && !trackerLink) {
            context.addObject().put("type", "mrkdwn").put("text", escape(tracker.label()));
        }
        context.addObject()
                .put("type", "mrkdwn")
                .put("text", "whatmoved: what shipped is output, what moved is outcome");
        return body;
    }

    private static void button(ArrayNode elements, String text, String url) {
        ObjectNode button = elements.addObject().put("type", "button");
        button.putObject("text").put("type", "plain_text").put("text", text);
        button.put("url", url);
    }

    /** Slack's mrkdwn control characters, escaped as its documentation asks. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
