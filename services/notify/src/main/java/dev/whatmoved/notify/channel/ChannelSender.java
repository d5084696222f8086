package dev.whatmoved.notify.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.notify.config.NotifyConfig;
import dev.whatmoved.notify.domain.Notification;
import dev.whatmoved.notify.repository.DeliveryRepository.Claimed;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** Sends one delivery through its rule's channel; never throws: every outcome is a {@link SendResult}. */
@ApplicationScoped
public class ChannelSender {

    public static final String DELIVERY_HEADER = "X-Whatmoved-Delivery";
    public static final String KIND_HEADER = "X-Whatmoved-Notification";

    private final ObjectMapper json;
    private final ReactiveMailer mailer;
    private final Duration timeout;
    private final HttpClient http;

    public ChannelSender(ObjectMapper json, ReactiveMailer mailer, NotifyConfig config) {
        this.json = json;
        this.mailer = mailer;
        this.timeout = config.requestTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                // a receiver's redirect is not followed: the URL a team configured is the one that gets the payload
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Uni<SendResult> send(Claimed delivery) {
        final Notification notification;
        try {
            notification = json.readValue(delivery.notification(), Notification.class);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(SendResult.giveUp("unreadable notification: " + e.getOriginalMessage()));
        }
        return switch (delivery.channel()) {
            case SLACK -> post(delivery, json(SlackMessage.of(notification.message(), json)), "application/json", null);
            case TEAMS -> post(delivery, json(TeamsCard.of(notification.message(), json)), "application/json", null);
            case WEBHOOK ->
                post(
                        delivery,
                        json(notification.cloudEvent()),
                        "application/cloudevents+json; charset=utf-8",
                        delivery.secret());
            case EMAIL -> mail(delivery, notification);
        };
    }

    private Uni<SendResult> post(Claimed delivery, String body, String contentType, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.target()))
                .timeout(timeout)
                .header("Content-Type", contentType)
                .header("User-Agent", "whatmoved-notify")
                .header(DELIVERY_HEADER, delivery.id().toString())
                .header(KIND_HEADER, delivery.kind())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null) {
            long timestamp = Instant.now().getEpochSecond();
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
        }
        return Uni.createFrom()
                .completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .map(ChannelSender::judge)
                .onFailure()
                .recoverWithItem(e -> SendResult.retry(describe(e)));
    }

    static SendResult judge(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return SendResult.DELIVERED;
        }
        String error = "HTTP " + status + bodyHint(response.body());
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
        return permanent ? SendResult.giveUp(error) : SendResult.retry(error);
    }

    private Uni<SendResult> mail(Claimed delivery, Notification notification) {
        String[] to = Arrays.stream(delivery.target().split(","))
                .map(String::strip)
                .filter(a -> !a.isEmpty())
                .toArray(String[]::new);
        Mail mail = Mail.withHtml(
                        to[0], EmailMessage.subject(notification.message()), EmailMessage.html(notification.message()))
                .setText(EmailMessage.text(notification.message()))
                .addHeader(DELIVERY_HEADER, delivery.id().toString())
                .addHeader(KIND_HEADER, delivery.kind());
        for (int i = 1; i < to.length; i++) {
            mail.addTo(to[i]);
        }
        return mailer.send(mail)
                .replaceWith(SendResult.DELIVERED)
                .onFailure()
                .recoverWithItem(e -> SendResult.retry("SMTP: " + describe(e)));
    }

    private String json(Object node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short reason with no URL in it (the JDK's messages name hosts at most, never paths with tokens). */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message =
                cause.getMessage() == null ? "" : ": " + cause.getMessage().replaceAll("https?://\\S+", "<url>");
        return cause.getClass().getSimpleName() + message;
    }

    /** The first characters of an error answer (Slack says e.g. "invalid_payload"), on one line. */
    private static String bodyHint(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ").replaceAll("https?://\\S+", "<url>");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }
}
