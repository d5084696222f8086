package dev.whatmoved.kit.security;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a verified token into the scopes an endpoint checks: {@code admin} is granted every scope, a revoked token
 * is refused, and with authentication turned off on purpose an anonymous caller holds every scope.
 */
@ApplicationScoped
public class ScopeAugmentor implements SecurityIdentityAugmentor {

    static final String AUTH_DISABLED = "auth-disabled";

    private final AuthConfig config;

    public ScopeAugmentor(AuthConfig config) {
        this.config = config;
    }

    void warnWhenOpen(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            Log.warn("whatmoved.auth.enabled=false: every endpoint is open to anyone without a token");
        }
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(config.enabled() ? identity : allScopes(identity, AUTH_DISABLED));
        }
        if (identity.getPrincipal() instanceof JsonWebToken token
                && token.getTokenID() != null
                && config.revokedTokenIds().orElse(Set.of()).contains(token.getTokenID())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token has been revoked"));
        }
        if (identity.hasRole(Scopes.ADMIN)) {
            return Uni.createFrom()
                    .item(allScopes(identity, identity.getPrincipal().getName()));
        }
        return Uni.createFrom().item(identity);
    }

    private static SecurityIdentity allScopes(SecurityIdentity identity, String name) {
        QuarkusSecurityIdentity.Builder builder = identity.isAnonymous()
                ? QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name))
                : QuarkusSecurityIdentity.builder(identity);
        return builder.addRoles(Set.copyOf(Scopes.ALL)).setAnonymous(false).build();
    }
}
