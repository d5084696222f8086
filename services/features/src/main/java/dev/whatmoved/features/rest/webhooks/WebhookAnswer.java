package dev.whatmoved.features.rest.webhooks;

/**
 * The answer to a webhook delivery that creates no release: {@code pong} for GitHub's ping, {@code ignored} for an
 * event or state that is not a successful deployment (acknowledged, so the sender does not retry it).
 */
public record WebhookAnswer(String status, String detail) {

    public static WebhookAnswer pong(String detail) {
        return new WebhookAnswer("pong", detail);
    }

    public static WebhookAnswer ignored(String detail) {
        return new WebhookAnswer("ignored", detail);
    }
}
