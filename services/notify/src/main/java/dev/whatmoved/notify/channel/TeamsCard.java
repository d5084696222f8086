package dev.whatmoved.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.notify.domain.Message;

/**
 * A message for a Microsoft Teams incoming webhook (a Workflows "post to a channel when a webhook request is received"
 * flow, or the retired Office 365 connector): the envelope Microsoft documents for Adaptive Cards sent to incoming
 * webhooks, {@code {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
 * "content":{...card...}}]}}, with an Adaptive Card 1.4 (title, summary, a FactSet, Open URL actions to
 * the console and to the feature's ticket).
 */
public final class TeamsCard {

    public static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

    private TeamsCard() {}

    public static ObjectNode of(Message message, ObjectMapper json) {
        ObjectNode envelope = json.createObjectNode().put("type", "message");
        ObjectNode attachment = envelope.putArray("attachments").addObject();
        attachment.put("contentType", CONTENT_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", SCHEMA).put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject()
                .put("type", "TextBlock")
                .put("text", message.title())
                .put("weight", "Bolder")
                .put("size", "Medium")
                .put("wrap", true);
        body.addObject().put("type", "TextBlock").put("text", message.summary()).put("wrap", true);
        if (!message.facts().isEmpty()) {
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            message.facts()
                    .forEach(
                            fact -> facts.addObject().put("title", fact.label()).put("value", fact.value()));
        }
        Message.Tracker tracker = message.tracker();
        boolean trackerLink = tracker != null && tracker.url() != null;
        if (tracker != null && !trackerLink) {
            body.addObject()
                    .put("type", "TextBlock")
                    .put("text", tracker.label())
                    .put("wrap", true);
        }
        if (message.link() != null || trackerLink) {
            ArrayNode actions = card.putArray("actions");
            if (message.link() != null) {
                openUrl(actions, "Open in whatmoved", message.link());
            }
            if (trackerLink) {
                openUrl(actions, tracker.label(), tracker.url());
            }
        }
        return envelope;
    }

    private static void openUrl(ArrayNode actions, String title, String url) {
        actions.addObject().put("type", "Action.OpenUrl").put("title", title).put("url", url);
    }
}
