package io.sluice.console.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.registry.ComponentRegistry;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the portal tests start from, made through the dashboard and portal APIs as their users would: an async API and a
 * policy, a product with webhooks for {@link #EVENT}, and a developer with an app that holds a key for it.
 */
public final class PortalFixture {

    public static final String EVENT = "trade.created";

    public final RunningConsole running;
    public final BrowserClient owner;
    public final BrowserClient developer;
    public final String appId;
    public final String apiId;
    public final String policyId;
    public final String productId;

    public PortalFixture(RunningConsole running) throws Exception {
        this.running = running;
        this.owner = new BrowserClient(running.dashboardUrl(), "dashboard");
        assertThat(owner.login(RunningConsole.ADMIN_EMAIL, RunningConsole.ADMIN_PASSWORD).status()).isEqualTo(200);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode api = owner.post("/api/apis", "{\"name\":\"Trades " + suffix + "\",\"yaml\":\"input:\\n  http_server:\\n    path: /in\\n"
                + "output:\\n  http_server:\\n    path: /out\\n\",\"authentication\":{\"type\":\"api_key\"}}").json();
        this.apiId = api.path("id").asText();
        String policy = owner.post("/api/policies", "{\"name\":\"Trades " + suffix + "\",\"api_ids\":[\"" + apiId + "\"]}").json().path("id").asText();
        this.policyId = policy;
        String product = owner.post("/api/products", "{\"name\":\"Trades " + suffix + "\",\"api_id\":\"" + apiId + "\",\"policy_id\":\"" + policy
                + "\",\"published\":true,\"webhooks_enabled\":true,\"events\":\"" + EVENT + ", trade.settled\"}").json().path("id").asText();
        this.productId = product;
        this.developer = new BrowserClient(running.portalUrl(), "portal");
        developer.get("/api/session");
        assertThat(developer.post("/api/signup", "{\"email\":\"dev-" + suffix + "@example.com\",\"password\":\"long enough password\"}").status())
                .isEqualTo(200);
        developer.get("/api/session");
        this.appId = developer.post("/api/apps", "{\"name\":\"bot\"}").json().path("id").asText();
        JsonNode key = developer.post("/api/apps/" + appId + "/keys", "{\"product_id\":\"" + product + "\"}").json();
        assertThat(key.path("key").asText()).isNotBlank().isNotEqualTo(key.path("key_hash").asText());
    }

    /** Subscribes {@code url} with {@code secret} to {@link #EVENT}; returns the subscription id. */
    public String subscribe(String url, String secret) throws Exception {
        BrowserClient.Answer answer = developer.post("/api/apps/" + appId + "/subscriptions",
                "{\"url\":\"" + url + "\",\"secret\":\"" + secret + "\",\"events\":[\"" + EVENT + "\"]}");
        assertThat(answer.status()).as(answer.response().body()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    public JsonNode deliveries(String subscription) throws Exception {
        return developer.get("/api/subscriptions/" + subscription + "/deliveries").json();
    }

    /**
     * Publishes {@code count} events through a real stream whose output is {@code portal_webhook}, as a stream API would,
     * and waits until the stream has handed them all to the portal.
     */
    public void publish(int count) throws Exception {
        String yaml = """
                input:
                  generate:
                    count: %d
                    interval: ""
                    mapping: 'root = {"trade": counter()}'
                output:
                  portal_webhook:
                    event_type: %s
                    portal_url: %s
                    secret: %s
                """.formatted(count, EVENT, running.portalUrl(), running.console.portalSecret());
        Stream stream = new StreamBuilder(ComponentRegistry.global()).build("publisher", ConfigLoader.parseRaw(yaml, "publisher.yaml")).start();
        stream.done().get(30, TimeUnit.SECONDS);
        assertThat(stream.status().counters().get("output_sent")).isEqualTo(count);
    }

    public static Duration patience() {
        return Duration.ofSeconds(20);
    }
}
