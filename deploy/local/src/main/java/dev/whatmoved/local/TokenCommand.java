package dev.whatmoved.local;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./whatmoved token --scope releases:write --subject ci-checkout --ttl 90d}: mints a bearer token signed by the
 * embedded platform's key.
 */
final class TokenCommand {

    static final Set<String> SCOPES = Set.of("releases:write", "metrics:write", "features:write", "read", "admin");
    private static final Pattern TTL = Pattern.compile("(\\d+)([smhd])");

    /** What to put in the token. */
    record Request(List<String> scopes, String subject, Duration ttl, String tokenId) {}

    private TokenCommand() {}

    static Request parse(List<String> args) {
        List<String> scopes = new ArrayList<>();
        String subject = null;
        Duration ttl = Duration.ofDays(90);
        String tokenId = UUID.randomUUID().toString();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || i + 1 >= args.size()) {
                throw new LauncherException(
                        "token: unexpected '" + arg + "'; usage: " + usage(), LauncherException.USAGE);
            }
            String value = args.get(++i);
            switch (arg) {
                case "--scope" -> {
                    for (String scope : value.split("[ ,]+")) {
                        if (!SCOPES.contains(scope)) {
                            throw new LauncherException(
                                    "token: unknown scope '" + scope + "'; one of " + String.join(", ", sorted()),
                                    LauncherException.USAGE);
                        }
                        scopes.add(scope);
                    }
                }
                case "--subject" -> subject = value;
                case "--ttl" -> ttl = ttl(value);
                case "--id" -> tokenId = value;
                case "--data-dir" -> {
                    // read by PlatformConfig; accepted here so the same flags work for up and token
                }
                default ->
                    throw new LauncherException(
                            "token: unknown option '" + arg + "'; usage: " + usage(), LauncherException.USAGE);
            }
        }
        if (scopes.isEmpty() || subject == null || subject.isBlank()) {
            throw new LauncherException(
                    "token: --scope and --subject are required; usage: " + usage(), LauncherException.USAGE);
        }
        return new Request(List.copyOf(scopes), subject, ttl, tokenId);
    }

    static String mint(SigningKeys keys, Request request, Instant now) {
        return Jwt.issuer(SigningKeys.ISSUER)
                .subject(request.subject())
                .claim("jti", request.tokenId())
                .claim("scope", String.join(" ", request.scopes()))
                .issuedAt(now)
                .expiresAt(now.plus(request.ttl()))
                .sign(keys.privateKey());
    }

    /** {@code 90d}, {@code 12h}, {@code 30m}, {@code 45s}, or an ISO-8601 duration such as {@code PT2H}. */
    static Duration ttl(String value) {
        Matcher matcher = TTL.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new LauncherException(
                    "token: --ttl '" + value + "' is not a duration like 90d, 12h, 30m or PT2H",
                    LauncherException.USAGE);
        }
    }

    static String usage() {
        return "./whatmoved token --scope <" + String.join("|", sorted())
                + ">[,...] --subject <who> [--ttl 90d] [--id <token id>]";
    }

    private static List<String> sorted() {
        return SCOPES.stream().sorted().toList();
    }
}
