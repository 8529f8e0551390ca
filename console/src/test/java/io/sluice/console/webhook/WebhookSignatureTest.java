package io.sluice.console.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"bar\",\"data\":{\"n\":1}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_signature_is_hmac_sha256_of_timestamp_dot_body_in_hex() {
        // Computed independently with OpenSSL:
        //   printf '%s' '1767225600.{"id":"evt_1","type":"bar","data":{"n":1}}' | openssl dgst -sha256 -hmac 'whsec-test-secret'
        assertThat(WebhookSignature.sign("whsec-test-secret", 1_767_225_600L, BODY))
                .isEqualTo("v1=" + OPENSSL_HMAC);
    }

    @Test
    void a_signature_verifies_within_the_replay_window_only() {
        long sent = 1_767_225_600L;
        String signature = WebhookSignature.sign("s3cret", sent, BODY);

        assertThat(WebhookSignature.verify("s3cret", Long.toString(sent), signature, BODY, sent + 299)).isTrue();
        assertThat(WebhookSignature.verify("s3cret", Long.toString(sent), signature, BODY, sent - 299)).isTrue();
        assertThat(WebhookSignature.verify("s3cret", Long.toString(sent), signature, BODY, sent + 301)).isFalse();
    }

    @Test
    void a_changed_body_timestamp_or_secret_fails() {
        long sent = 1_767_225_600L;
        String signature = WebhookSignature.sign("s3cret", sent, BODY);

        assertThat(WebhookSignature.verify("s3cret", Long.toString(sent), signature, "{}".getBytes(StandardCharsets.UTF_8), sent)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", Long.toString(sent + 1), signature, BODY, sent)).isFalse();
        assertThat(WebhookSignature.verify("other", Long.toString(sent), signature, BODY, sent)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", null, signature, BODY, sent)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", "soon", signature, BODY, sent)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", Long.toString(sent), "v1=zz", BODY, sent)).isFalse();
    }

    @Test
    void one_matching_signature_among_several_is_enough_for_secret_rotation() {
        long sent = 1_767_225_600L;
        String both = WebhookSignature.sign("old", sent, BODY) + "," + WebhookSignature.sign("new", sent, BODY);
        assertThat(WebhookSignature.verify("new", Long.toString(sent), both, BODY, sent)).isTrue();
    }

    static final String OPENSSL_HMAC = "80ba274ad57d3542fb183c17479aa16ab7326dd892f337cc3b6e559f8992344f";
}
