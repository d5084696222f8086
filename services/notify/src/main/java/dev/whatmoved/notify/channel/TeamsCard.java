package dev.whatmoved.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.notify.domain.Message;

/**
 * A message for a Microsoft Teams incoming webhook (a Workflows "post to a channel when a webhook request is received"
 * flow, or the retired Office 365 connector): the envelope Microsoft documents for Adaptive Cards sent to incoming
 * webhooks, {@code {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
 * "content":{...card...}}]}}, with an Adaptive Card 1.4 (title, summary, a FactSet, an Open URL action).
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
        if (message.link() != null) {
            card.putArray("actions")
                    .addObject()
                    .put("type", "Action.OpenUrl")
                    .put("title", "Open in whatmoved")
                    .put("url", message.link());
        }
        return envelope;
    }
}
