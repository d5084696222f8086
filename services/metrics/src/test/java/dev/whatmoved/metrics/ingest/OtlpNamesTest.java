package dev.whatmoved.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OpenTelemetry instrument names (case-insensitive, {@code /} allowed) as catalogue keys: the table of docs/metrics.md. */
class OtlpNamesTest {

    @Test
    void namesAreLowerCasedAndSlashesBecomeDots() {
        assertThat(OtlpNames.key("http.server.request.duration")).isEqualTo("http.server.request.duration");
        assertThat(OtlpNames.key("HTTP.Server.Request.Duration")).isEqualTo("http.server.request.duration");
        assertThat(OtlpNames.key("checkout/Orders_Total")).isEqualTo("checkout.orders_total");
        assertThat(OtlpNames.key("jvm.memory.used")).isEqualTo("jvm.memory.used");
        assertThat(OtlpNames.key("queue-depth")).isEqualTo("queue-depth");
        assertThat(OtlpNames.problem("checkout/Orders_Total")).isNull();
        assertThat(OtlpNames.problem("a".repeat(128))).isNull();
    }

    @Test
    void aNameThatIsStillNoKeyIsRefusedSayingWhy() {
        assertThat(OtlpNames.problem("http_server:requests")).contains("is no catalogue key");
        assertThat(OtlpNames.problem("/leading.slash")).contains("is no catalogue key"); // a key starts with [a-z0-9]
        assertThat(OtlpNames.problem("a".repeat(129))).contains("has 129 characters; a catalogue key has at most 128");
        assertThat(OtlpNames.problem("")).contains("missing");
        // only ASCII letters are lower-cased: the Kelvin sign is not a "k"
        assertThat(OtlpNames.problem("\u212Aelvin")).contains("is no catalogue key");
    }
}
