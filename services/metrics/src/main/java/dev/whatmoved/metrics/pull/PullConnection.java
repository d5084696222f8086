package dev.whatmoved.metrics.pull;

import java.util.Optional;

/**
 * A named connection from configuration ({@code whatmoved.metrics.pull.connections.<name>.*}), handed to a source at
 * each pull. Its URL, user and password never leave the service: {@link #toString()} shows the name only, and {@link
 * #redact} removes them from an error's text before it is stored, logged or answered.
 *
 * @param name the name definitions use
 * @param url a JDBC URL for {@code sql}, an HTTP base URL for {@code prometheus}
 * @param user the user to log in as, if any
 * @param password the password, if any
 */
public record PullConnection(String name, String url, Optional<String> user, Optional<String> password) {

    /** {@code text} with the password, the user and the URL's query and credentials replaced by {@code ***}. */
    public String redact(String text) {
        return Secrets.redact(this, text);
    }

    @Override
    public String toString() {
        return "PullConnection[" + name + "]";
    }
}
