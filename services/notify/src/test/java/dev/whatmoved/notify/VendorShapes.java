package dev.whatmoved.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What each receiver's vendor documents, checked the way the receiver would: Slack's Block Kit for incoming webhooks,
 * Microsoft's Adaptive Card envelope for Teams incoming webhooks, and the generic webhook's signature recomputed from
 * the secret as docs/notifications.md tells a receiver to. Written from the vendors' documentation, not from the
 * service's own classes.
 */
final class VendorShapes {

    private static final Set<String> SLACK_BLOCKS = Set.of("header", "section", "actions", "context", "divider");

    private VendorShapes() {}

    /** Slack Block Kit: https://api.slack.com/reference/block-kit/blocks (limits as documented there). */
    static void assertSlackMessage(JsonNode body) {
        assertThat(body.path("text").asText()).as("fallback text").isNotBlank();
        JsonNode blocks = body.path("blocks");
        assertThat(blocks.isArray() && blocks.size() > 0 && blocks.size() <= 50)
                .as("blocks: %s", body)
                .isTrue();
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            assertThat(SLACK_BLOCKS).as("block type").contains(type);
            switch (type) {
                case "header" -> {
                    assertThat(block.path("text").path("type").asText()).isEqualTo("plain_text");
                    assertThat(block.path("text").path("text").asText())
                            .isNotBlank()
                            .hasSizeLessThanOrEqualTo(150);
                }
                case "section" -> {
                    assertThat(block.path("text").path("type").asText()).isIn("mrkdwn", "plain_text");
                    assertThat(block.path("text").path("text").asText())
                            .isNotBlank()
                            .hasSizeLessThanOrEqualTo(3000);
                    JsonNode fields = block.path("fields");
                    if (!fields.isMissingNode()) {
                        assertThat(fields.size()).isBetween(1, 10);
                        fields.forEach(f -> {
                            assertThat(f.path("type").asText()).isIn("mrkdwn", "plain_text");
                            assertThat(f.path("text").asText()).isNotBlank().hasSizeLessThanOrEqualTo(2000);
                        });
                    }
                }
                case "actions" ->
                    block.path("elements").forEach(e -> {
                        assertThat(e.path("type").asText()).isEqualTo("button");
                        assertThat(e.path("text").path("type").asText()).isEqualTo("plain_text");
                        assertThat(e.path("url").asText()).startsWith("http");
                    });
                case "context" -> assertThat(block.path("elements").size()).isBetween(1, 10);
                default -> {}
            }
        }
    }

    /**
     * Teams incoming webhook with an Adaptive Card, as Microsoft documents it: {@code {"type":"message","attachments":
     * [{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{AdaptiveCard}}]}}.
     */
    static void assertTeamsCard(JsonNode body) {
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("attachments").size()).isEqualTo(1);
        JsonNode attachment = body.path("attachments").get(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.has("contentUrl") && attachment.get("contentUrl").isNull())
                .isTrue();
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.path("version").asText()).matches("1\\.[0-5]");
        assertThat(card.path("body").size()).isPositive();
        for (JsonNode element : card.path("body")) {
            switch (element.path("type").asText()) {
                case "TextBlock" -> assertThat(element.path("text").asText()).isNotBlank();
                case "FactSet" ->
                    element.path("facts").forEach(f -> {
                        assertThat(f.path("title").asText()).isNotBlank();
                        assertThat(f.path("value").isTextual()).isTrue();
                    });
                default -> throw new AssertionError("unexpected card element " + element);
            }
        }
        card.path("actions").forEach(a -> {
            assertThat(a.path("type").asText()).isEqualTo("Action.OpenUrl");
            assertThat(a.path("url").asText()).startsWith("http");
        });
    }

    /** The receiver's check: HMAC-SHA256 of "timestamp.body" with the shared secret, and a recent timestamp. */
    static void assertSignedCloudEvent(Receivers.Received request, String secret) {
        assertThat(request.header("Content-Type")).startsWith("application/cloudevents+json");
        String timestamp = request.header("X-Whatmoved-Timestamp");
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)))
                .as("timestamp within 5 minutes (replay guard)")
                .isLessThan(300);
        assertThat(request.header("X-Whatmoved-Signature"))
                .isEqualTo("v1=" + hmacHex(secret, timestamp + "." + request.body()));
        JsonNode event = request.json();
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("id").asText()).isNotBlank();
        assertThat(event.path("source").asText()).isNotBlank();
        assertThat(event.path("type").asText()).startsWith("dev.whatmoved.");
        assertThat(event.path("data").isObject()).isTrue();
    }

    static String hmacHex(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
