package io.sluice.console.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.console.support.Await;
import io.sluice.console.support.BrowserClient;
import io.sluice.console.support.PortalFixture;
import io.sluice.console.support.RunningConsole;
import io.sluice.console.support.WebhookReceiver;
import io.sluice.console.webhook.WebhookSignature;
import io.sluice.gateway.runtime.GatewayJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import static io.sluice.console.support.PortalFixture.patience;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook subscriptions of the portal on PostgreSQL: events published by a stream's {@code portal_webhook} output reach
 * every subscriber, signed; failures are retried, then dead-lettered and replayed; a slow subscriber delays nobody;
 * addresses are checked against SSRF.
 */
class PortalWebhooksTest {

    @TempDir
    static Path directory;
    static RunningConsole running;
    static PortalFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        running = RunningConsole.postgres(directory);
        fixture = new PortalFixture(running);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void every_subscriber_receives_every_event_signed_with_its_own_secret() throws Exception {
        try (WebhookReceiver a = new WebhookReceiver("secret-of-a-0123"); WebhookReceiver b = new WebhookReceiver("secret-of-b-0123")) {
            fixture.subscribe(a.url(), "secret-of-a-0123");
            fixture.subscribe(b.url(), "secret-of-b-0123");

            fixture.publish(5);

            Await.until("5 events at each subscriber", patience(), () -> a.distinctIds() == 5 && b.distinctIds() == 5);
            for (WebhookReceiver r : new WebhookReceiver[]{a, b}) {
                assertThat(r.received).allSatisfy(q -> {
                    assertThat(q.signatureValid()).as("signature of " + q).isTrue();
                    assertThat(q.event()).isEqualTo(PortalFixture.EVENT);
                    JsonNode body = GatewayJson.MAPPER.readTree(q.body());
                    assertThat(body.path("type").asText()).isEqualTo(PortalFixture.EVENT);
                    assertThat(body.path("id").asText()).startsWith("evt_");
                    assertThat(body.path("data").path("trade").isInt()).isTrue();
                });
            }
        }
    }

    @Test
    void a_failing_subscriber_is_retried_then_dead_lettered_and_a_replay_delivers_again() throws Exception {
        try (WebhookReceiver failing = new WebhookReceiver("failing-secret-0123")) {
            failing.answer.set(500);
            String subscription = fixture.subscribe(failing.url(), "failing-secret-0123");

            fixture.publish(2);

            Await.until("two dead letters", patience(), () -> deadLetters(subscription).size() == 2);
            assertThat(failing.attemptsById.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(3));
            JsonNode dead = deadLetters(subscription).get(0);
            assertThat(dead.path("status").asText()).isEqualTo("dead");
            assertThat(dead.path("log")).hasSize(3).allSatisfy(attempt -> {
                assertThat(attempt.path("statusCode").asInt()).isEqualTo(500);
                assertThat(attempt.path("error").asText()).contains("HTTP 500");
            });

            failing.answer.set(204);
            assertThat(fixture.developer.post("/api/subscriptions/" + subscription + "/replay", "{}").json().path("replayed").asInt()).isEqualTo(2);

            Await.until("the replayed letters delivered", patience(), () -> {
                try {
                    JsonNode log = fixture.deliveries(subscription);
                    return log.path("dead_letters").isEmpty() && log.path("deliveries").findValuesAsText("status").stream().allMatch("delivered"::equals);
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(failing.attemptsById.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(4));
        }
    }

    @Test
    void a_slow_subscriber_never_delays_the_others() throws Exception {
        try (WebhookReceiver slow = new WebhookReceiver("slow-secret-0123456"); WebhookReceiver quick = new WebhookReceiver("quick-secret-012345")) {
            CountDownLatch release = new CountDownLatch(1);
            slow.gate.set(release);
            fixture.subscribe(slow.url(), "slow-secret-0123456");
            fixture.subscribe(quick.url(), "quick-secret-012345");

            fixture.publish(4);

            Await.until("the quick subscriber got all 4 while the slow one holds its first", patience(), () -> quick.distinctIds() == 4);
            assertThat(slow.received).hasSize(1);
            release.countDown();
            Await.until("the slow subscriber catches up", patience(), () -> slow.distinctIds() == 4);
        }
    }

    @Test
    void private_link_local_and_non_http_addresses_are_refused() throws Exception {
        for (String url : new String[]{"http://10.1.2.3/hook", "http://192.168.0.10/hook", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"}) {
            BrowserClient.Answer refused = fixture.developer.post("/api/apps/" + fixture.appId + "/subscriptions",
                    "{\"url\":\"" + url + "\",\"secret\":\"some long secret\",\"events\":[\"" + PortalFixture.EVENT + "\"]}");
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.json().path("error").asText()).startsWith("url: ");
        }
    }

    @Test
    void only_events_of_products_the_app_has_a_key_for_can_be_chosen() throws Exception {
        BrowserClient.Answer refused = fixture.developer.post("/api/apps/" + fixture.appId + "/subscriptions",
                "{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"some long secret\",\"events\":[\"payments.refunded\"]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).contains("payments.refunded");
    }

    @Test
    void the_intake_takes_only_events_signed_with_the_portal_secret() throws Exception {
        byte[] body = ("{\"event_type\":\"" + PortalFixture.EVENT + "\",\"events\":[{\"forged\":true}]}").getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        HttpClient http = HttpClient.newHttpClient();
        for (String signature : new String[]{null, WebhookSignature.sign("not the secret", now, body)}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(running.portalUrl() + "/api/webhooks/events"))
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (signature != null) {
                request.header(WebhookSignature.SIGNATURE_HEADER, signature);
            }
            assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
        HttpRequest stale = HttpRequest.newBuilder(URI.create(running.portalUrl() + "/api/webhooks/events"))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now - 600))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(running.console.portalSecret(), now - 600, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        assertThat(http.send(stale, HttpResponse.BodyHandlers.ofString()).statusCode()).as("outside the replay window").isEqualTo(401);
    }

    @Test
    void a_developer_sees_only_their_own_apps_and_subscriptions() throws Exception {
        BrowserClient other = new BrowserClient(running.portalUrl(), "portal");
        other.get("/api/session");
        other.post("/api/signup", "{\"email\":\"other-" + System.nanoTime() + "@example.com\",\"password\":\"another long password\"}");
        other.get("/api/session");

        assertThat(other.get("/api/apps/" + fixture.appId).status()).isEqualTo(404);
        assertThat(other.post("/api/apps/" + fixture.appId + "/subscriptions", "{\"url\":\"http://127.0.0.1:9/\",\"secret\":\"xxxxxxxxxxxxxxxx\",\"events\":[\"x\"]}")
                .status()).isEqualTo(404);
        assertThat(other.get("/api/apps").json().path("apps")).isEmpty();
    }

    private static JsonNode deadLetters(String subscription) {
        try {
            return fixture.deliveries(subscription).path("dead_letters");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
