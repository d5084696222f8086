package dev.whatmoved.console.client;

import dev.whatmoved.console.config.ConsoleConfig;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Sends the console's read token with every call to a service. */
final class ServiceToken implements ClientRequestFilter {

    private final ConsoleConfig config;

    ServiceToken(ConsoleConfig config) {
        this.config = config;
    }

    @Override
    public void filter(ClientRequestContext request) {
        config.consoleToken().filter(token -> !token.isBlank()).ifPresent(token -> request.getHeaders()
                .putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }
}
