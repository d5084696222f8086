package dev.whatmoved.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.notify.channel.WebhookSignature;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void theSignatureIsTheHmacOfTimestampDotBodyAndNothingElseVerifies() {
        String body = "{\"specversion\":\"1.0\",\"id\":\"e1\"}";
        // the figure docs/notifications.md shows: printf '1700000000.{"specversion":"1.0","id":"e1"}' | openssl ...
        String signature = WebhookSignature.sign("whsec-test-0123456789", 1_700_000_000L, body);
        assertThat(signature).isEqualTo("v1=" + VendorShapes.hmacHex("whsec-test-0123456789", "1700000000." + body));
        assertThat(WebhookSignature.verify("whsec-test-0123456789", 1_700_000_000L, body, signature))
                .isTrue();
        assertThat(WebhookSignature.verify("whsec-test-0123456789", 1_700_000_001L, body, signature))
                .isFalse();
        assertThat(WebhookSignature.verify("another-secret-456789", 1_700_000_000L, body, signature))
                .isFalse();
        assertThat(WebhookSignature.verify("whsec-test-0123456789", 1_700_000_000L, body + " ", signature))
                .isFalse();
    }
}
