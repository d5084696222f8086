package dev.whatmoved.notify.domain;

import java.util.Arrays;
import java.util.Optional;

/** Where a rule's notifications go. */
public enum ChannelType {
    /** A Slack incoming webhook: a Block Kit message. */
    SLACK("slack"),
    /** A Microsoft Teams incoming webhook (Workflows): a message with one Adaptive Card. */
    TEAMS("teams"),
    /** Any HTTP endpoint: the CloudEvent itself, signed with HMAC-SHA256. */
    WEBHOOK("webhook"),
    /** Email through the SMTP relay of the Quarkus Mailer. */
    EMAIL("email");

    private final String wire;

    ChannelType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isHttp() {
        return this != EMAIL;
    }

    public static Optional<ChannelType> fromWire(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }
}
