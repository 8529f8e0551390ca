package io.sluice.console.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Output;
import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.gateway.runtime.GatewayJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The {@code portal_webhook} output: hands each batch to the developer portal, which stores the events and delivers
 * each one to every webhook subscriber of its event type (signed, retried, dead-lettered; see the console README). The
 * write returns once the portal has stored the events, so the stream acknowledges its source only then.
 */
public final class PortalWebhookOutput implements Output {

    public static final ComponentSpec SPEC = ComponentSpec.output("portal_webhook")
            .categories("Services")
            .summary("Publishes messages as webhook events of the developer portal, delivered to every developer subscribed to the event type.")
            .description("Each message becomes one event of `event_type`: a JSON message is the event's `data` as it is, any other "
                    + "message becomes a JSON string. The portal at `portal_url` stores the events before it answers, then delivers them to "
                    + "its subscribers on its own, with signatures, retries and a dead-letter list per subscription, so a slow subscriber "
                    + "never holds up the stream. Requests to the portal are signed with `secret`, the portal's API secret.")
            .fields(
                    FieldSpec.string("event_type").description("The event type the messages are published as. Developers pick event types when they subscribe.")
                            .example("bar", "order.created"),
                    FieldSpec.string("portal_url").description("The developer portal's base URL.").example("http://localhost:3001"),
                    FieldSpec.string("secret").description("The portal's API secret (`portal.api_secret`, printed by the gateway at start and "
                            + "shown on the dashboard's Portal page): it signs each request, so the portal only takes events from gateways "
                            + "that know it. Inside a stream API, paste it: environment variables there need `streaming.allow_unsafe: [env]`.")
                            .example("${PORTAL_API_SECRET}").nonEmpty("must not be empty: use the portal's API secret"),
                    FieldSpec.duration("timeout").defaultValue("10s").advanced().description("How long the portal may take to store a batch."),
                    FieldSpec.integer(ConnectorFields.MAX_IN_FLIGHT).defaultValue(4).min(1).advanced()
                            .description("Batches handed to the portal at the same time."))
            .example("Trades as webhooks", "Every message of the stream becomes a `trade.created` event for the portal's subscribers.", """
                    output:
                      portal_webhook:
                        event_type: trade.created
                        portal_url: http://localhost:3001
                        secret: ${PORTAL_API_SECRET}
                    """);

    /** Where outputs hand events to the portal. */
    public static final String INTAKE_PATH = "/api/webhooks/events";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String eventType;
    private final URI intake;
    private final String secret;
    private final Duration timeout;
    private final int maxInFlight;
    private final HttpClient http;

    private PortalWebhookOutput(String eventType, URI intake, String secret, Duration timeout, int maxInFlight) {
        this.eventType = eventType;
        this.intake = intake;
        this.secret = secret;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    public static Output create(Conf conf, ComponentContext ctx) throws ConfigException {
        String eventType = conf.string("event_type").trim();
        if (eventType.isEmpty()) {
            throw conf.invalid("event_type", "must not be empty");
        }
        String base = conf.string("portal_url").trim();
        URI intake;
        try {
            intake = URI.create(base.replaceAll("/+$", "") + INTAKE_PATH);
            if (intake.getHost() == null || !(intake.getScheme().equals("http") || intake.getScheme().equals("https"))) {
                throw new IllegalArgumentException("expected an http or https URL");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw conf.invalid("portal_url", "'" + base + "' is not an http(s) URL of the developer portal");
        }
        return new PortalWebhookOutput(eventType, intake, conf.string("secret"), conf.duration("timeout"), conf.integer(ConnectorFields.MAX_IN_FLIGHT));
    }

    @Override
    public void write(Batch batch) throws Exception {
        ObjectNode body = JSON.objectNode();
        body.put("event_type", eventType);
        ArrayNode events = body.putArray("events");
        for (Part part : batch) {
            events.add(data(part.bytes()));
        }
        byte[] payload = GatewayJson.MAPPER.writeValueAsBytes(body);
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(intake)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.ID_HEADER, UUID.randomUUID().toString())
                .header(WebhookSignature.EVENT_HEADER, eventType)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, payload))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String answer = response.body().length() > 300 ? response.body().substring(0, 300) : response.body();
            throw new IOException("the portal at " + intake + " refused " + batch.size() + " event(s): HTTP " + response.statusCode() + " " + answer);
        }
    }

    /** A JSON message is the event's data as it is; anything else becomes a JSON string. */
    static JsonNode data(byte[] message) {
        try {
            JsonNode node = GatewayJson.MAPPER.readTree(message);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (IOException notJson) {
            // a text message
        }
        return JSON.textNode(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
