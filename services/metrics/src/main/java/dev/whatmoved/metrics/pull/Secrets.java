package dev.whatmoved.metrics.pull;

/** Removes a connection's credentials from text that leaves the service (errors stored, logged, answered). */
final class Secrets {

    static final String MASK = "***";

    private Secrets() {}

    static String redact(PullConnection connection, String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        String url = connection.url();
        if (url != null) {
            // a URL may carry credentials in its parameters (?password=) or its authority (//user:password@)
            int query = url.indexOf('?');
            if (query >= 0 && query < url.length() - 1) {
                redacted = redacted.replace(url.substring(query + 1), MASK);
            }
            int scheme = url.indexOf("//");
            int at = url.indexOf('@', Math.max(scheme, 0));
            if (scheme >= 0 && at > scheme + 2) {
                redacted = redacted.replace(url.substring(scheme + 2, at), MASK);
            }
        }
        if (connection.password().isPresent() && !connection.password().get().isEmpty()) {
            redacted = redacted.replace(connection.password().get(), MASK);
        }
        if (connection.user().isPresent() && connection.user().get().length() > 1) {
            redacted = redacted.replace(connection.user().get(), MASK);
        }
        return redacted;
    }
}
