package dev.whatmoved.notify.service;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.notify.domain.ChannelType;
import dev.whatmoved.notify.domain.NotificationKind;
import dev.whatmoved.notify.domain.Rule;
import dev.whatmoved.notify.repository.RuleRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Teams' rules: checks what each channel needs, stores, lists and removes them. */
@ApplicationScoped
public class RuleService {

    static final int SECRET_MIN = 16;

    private final RuleRepository rules;

    public RuleService(RuleRepository rules) {
        this.rules = rules;
    }

    public Uni<Rule> create(String team, RuleDraft request) {
        Rule rule = validate(team, request);
        return rules.insert(rule);
    }

    public Uni<List<Rule>> list(String team) {
        return rules.ofTeam(team);
    }

    public Uni<Rule> get(String team, UUID id) {
        return rules.find(team, id).map(found -> found.orElseThrow(() -> ProblemException.notFound("rule", id)));
    }

    public Uni<Void> delete(String team, UUID id) {
        return rules.delete(team, id)
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("rule", id);
                    }
                })
                .replaceWithVoid();
    }

    static Rule validate(String team, RuleDraft request) {
        List<NotificationKind> kinds = new ArrayList<>();
        for (int i = 0; i < request.events().size(); i++) {
            String event = request.events().get(i);
            int index = i;
            kinds.add(NotificationKind.fromWire(event)
                    .orElseThrow(() -> ProblemException.invalid(
                            "events[" + index + "]",
                            "'" + event + "' is not a notification kind; one of " + NotificationKind.allWireNames())));
        }
        ChannelType type = ChannelType.fromWire(request.channelType().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> ProblemException.invalid(
                        "channel.type",
                        "'" + request.channelType() + "' is not a channel; one of slack, teams, webhook, email"));
        String target;
        String secret = null;
        if (type.isHttp()) {
            target = httpUrl(request.url());
            if (request.to() != null && !request.to().isEmpty()) {
                throw ProblemException.invalid("channel.to", "only an email rule has addresses");
            }
            if (type == ChannelType.WEBHOOK) {
                if (request.secret() == null || request.secret().length() < SECRET_MIN) {
                    throw ProblemException.invalid(
                            "channel.secret",
                            "a webhook needs a signing secret of at least " + SECRET_MIN + " characters");
                }
                secret = request.secret();
            } else if (request.secret() != null) {
                throw ProblemException.invalid("channel.secret", "only a generic webhook is signed");
            }
        } else {
            if (request.to() == null || request.to().isEmpty()) {
                throw ProblemException.invalid("channel.to", "an email rule needs at least one address");
            }
            if (request.url() != null || request.secret() != null) {
                throw ProblemException.invalid(
                        request.url() != null ? "channel.url" : "channel.secret", "an email rule has addresses only");
            }
            target = String.join(",", new LinkedHashSet<>(request.to()));
        }
        List<String> services =
                request.services() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.services()));
        return new Rule(
                UUID.randomUUID(),
                team,
                request.name(),
                List.copyOf(new LinkedHashSet<>(kinds)),
                type,
                target,
                secret,
                services,
                null,
                0,
                null,
                null,
                null);
    }

    /** An absolute http(s) URL with a host; the message never repeats the URL (it is a credential). */
    private static String httpUrl(String url) {
        if (url == null || url.isBlank()) {
            throw ProblemException.invalid("channel.url", "the incoming webhook's URL is required");
        }
        try {
            URI uri = new URI(url.strip());
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw ProblemException.invalid("channel.url", "must be an absolute http or https URL with a host");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("channel.url", "is not a URL (" + e.getReason() + ")");
        }
    }
}
