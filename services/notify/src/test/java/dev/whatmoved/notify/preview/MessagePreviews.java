package dev.whatmoved.notify.preview;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.OutcomeMeasured;
import dev.whatmoved.notify.channel.EmailMessage;
import dev.whatmoved.notify.channel.SlackMessage;
import dev.whatmoved.notify.channel.TeamsCard;
import dev.whatmoved.notify.domain.Message;
import dev.whatmoved.notify.service.MessageTexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One example notification (a final verdict of a feature with a ticket), laid out by the real channel classes and
 * rendered as HTML previews of how Slack, Teams and a mail client show it: the screenshots of docs/notifications.md.
 * The Slack and Teams previews draw the payload's own blocks and card elements (nothing else); the email preview is
 * {@link EmailMessage#html} as sent, under its subject line.
 */
public final class MessagePreviews {

    static final String OUTCOME =
            """
            {"outcomeId": "3f0c9a52-51f4-4c1e-9d61-0a5b8f2e7c11", "releaseId": "5a1c7e0b-2d4f-4b8a-9c3e-6f1d2a7b8c90",
             "featureKey": "checkout-one-click", "predictionNumber": 1, "predictionVersion": 1,
             "metric": "checkout.conversions", "checkpointDays": 30, "version": 1, "verdict": "moved-as-predicted",
             "relEffectPct": 3.4, "relEffectLowerPct": 1.1, "relEffectUpperPct": 5.8, "p": 0.004,
             "method": "state-space", "measuredAt": "2026-12-20T02:00:00Z", "service": "checkout",
             "environment": "production", "guardrail": false, "direction": "up", "expectedChangePct": 3.0}
            """;

    private MessagePreviews() {}

    /** The example: what notify would send for {@link #OUTCOME} of "One-click checkout", ticket SHOP-42. */
    public static Message example(ObjectMapper json) throws IOException {
        OutcomeMeasured outcome = json.readValue(OUTCOME, OutcomeMeasured.class);
        return new MessageTexts(Optional.of("http://localhost:8080"))
                .verdict(outcome, "One-click checkout", true, 30)
                .withTracker(new Message.Tracker("SHOP-42", "https://shop.atlassian.net/browse/SHOP-42"));
    }

    /** Writes slack.html, teams.html and email.html into {@code dir}; answers their paths. */
    public static Path[] write(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper()
                .findAndRegisterModules()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Message message = example(json);
        Files.createDirectories(dir);
        JsonNode slack = SlackMessage.of(message, json);
        JsonNode teams = TeamsCard.of(message, json);
        Path[] files = {dir.resolve("slack.html"), dir.resolve("teams.html"), dir.resolve("email.html")};
        Files.writeString(files[0], PreviewHtml.slack(slack), StandardCharsets.UTF_8);
        Files.writeString(files[1], PreviewHtml.teams(teams), StandardCharsets.UTF_8);
        Files.writeString(
                files[2],
                PreviewHtml.email(EmailMessage.subject(message), "growth@example.com", EmailMessage.html(message)),
                StandardCharsets.UTF_8);
        return files;
    }
}
