package dev.whatmoved.metrics.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void theConnectionsCredentialsAreRemovedFromAnErrorsText() {
        PullConnection connection = new PullConnection(
                "shop",
                "jdbc:postgresql://reader:url-secret@db.internal:5432/shop?sslmode=require&password=param-secret",
                Optional.of("reader"),
                Optional.of("Pa55-word"));
        String text = connection.redact("FATAL: password authentication failed for user \"reader\" (Pa55-word) at"
                + " jdbc:postgresql://reader:url-secret@db.internal:5432/shop?sslmode=require&password=param-secret");

        assertThat(text)
                .doesNotContain("Pa55-word", "url-secret", "param-secret", "reader")
                .contains("db.internal:5432/shop");
        assertThat(connection.toString()).isEqualTo("PullConnection[shop]");
    }
}
