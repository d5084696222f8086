package dev.whatmoved.notify.rest;

import dev.whatmoved.kit.text.NoControlCharacters;
import dev.whatmoved.notify.service.RuleDraft;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A new rule of a team: which kinds of notification go to one channel.
 *
 * @param name a label for people (shown in health and answers; the channel's URL never is)
 * @param events the notification kinds routed: {@code verdict.early-read}, {@code verdict.final}, {@code
 *     guardrail.breached}, {@code release.unlinked}, {@code feature.unpredicted}, {@code prediction.amended-after-ship},
 *     {@code digest.weekly}
 * @param services optional: services whose events this rule also hears about, e.g. a release with no linked feature of
 *     a service the team has not linked a feature to yet
 */
public record RuleRequest(
        @NotBlank @Size(max = 200) @NoControlCharacters String name,
        @NotEmpty @Size(max = 7) List<@NotBlank @Size(max = 100) String> events,
        @NotNull @Valid Channel channel,
        @Size(max = 100) List<@NotBlank @Size(max = 200) @NoControlCharacters String> services) {

    /** The use case's input ({@link dev.whatmoved.notify.service.RuleService#create}). */
    public RuleDraft draft() {
        return new RuleDraft(name, events, channel.type(), channel.url(), channel.secret(), channel.to(), services);
    }

    /**
     * Where the notifications go.
     *
     * @param type {@code slack}, {@code teams}, {@code webhook} or {@code email}
     * @param url the incoming webhook's URL (slack, teams, webhook): a credential, never shown again
     * @param secret the HMAC-SHA256 signing key of a generic webhook (16 to 256 characters): never shown again
     * @param to the addresses of an email rule
     */
    public record Channel(
            @NotBlank @Size(max = 20) String type,
            @Size(max = 2000) String url,
            @Size(max = 256) String secret,
            @Size(max = 20) List<@NotBlank @Email @Size(max = 254) String> to) {}
}
