package io.sluice.gateway.streamapi;

import io.sluice.core.observe.Tracing;
import io.sluice.gateway.config.OpenTelemetryConfig;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import io.sluice.testkit.otlp.OtlpReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces to the test's own OTLP/HTTP receiver: a proxied request continues the caller's {@code traceparent} with the
 * upstream call as its child, and a published message's trace goes on through each processor to the delivery span;
 * Bloblang's {@code tracing_id()} sees it.
 */
class TracingEndToEndTest {

    private static final String CHAT = """
            {"input": {"http_server": {"path": "/publish", "ws_path": ""}},
             "pipeline": {"threads": 1, "processors": [
                {"label": "enrich", "mapping": "root = this.merge({\\"trace\\": tracing_id(), \\"span\\": tracing_span().traceparent})"},
                {"label": "stamp", "mapping": "root = this.merge({\\"stamped\\": true})"}]},
             "output": {"http_server": {"path": "/get", "stream_path": "/sse", "ws_path": "/ws", "ws_message_type": "text"}}}
            """;
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER = "00f067aa0ba902b7";

    @TempDir
    static Path dir;
    private static OtlpReceiver receiver;
    private static TestUpstream upstream;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        receiver = new OtlpReceiver();
        upstream = new TestUpstream();
        gateway = RunningGateway.start(dir.resolve("apps"),
                c -> c.withOpenTelemetry(new OpenTelemetryConfig(true, "http", receiver.endpoint(), "sluice-test",
                        new OpenTelemetryConfig.Sampling("AlwaysOn", 1))),
                ApiDocs.keyless("tr-shop", "/tr-shop/", upstream.url()),
                StreamApiDocs.of("tr-feed", "/tr-feed/").json("chat", CHAT).docs());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        receiver.close();
    }

    private static Optional<OtlpReceiver.Span> span(String name) {
        return receiver.spans().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static OtlpReceiver.Span await(String name) {
        Eventually.within(Duration.ofSeconds(10), () -> {
            Tracing.flush();
            return span(name).isPresent();
        });
        return span(name).orElseThrow();
    }

    @Test
    void aProxiedRequestIsAServerSpanWithTheUpstreamCallAsItsChild() {
        HttpResponse<String> r = gateway.get("/tr-shop/orders", "traceparent", "00-" + TRACE + "-" + PRODUCER + "-01");
        assertThat(r.statusCode()).isEqualTo(200);
        String sentUpstream = Json.read(r.body()).path("headers").path("traceparent").asText();
        assertThat(sentUpstream).startsWith("00-" + TRACE + "-").doesNotContain(PRODUCER);

        OtlpReceiver.Span server = await("GET /tr-shop/");
        OtlpReceiver.Span client = await("upstream GET");
        assertThat(server.traceId()).isEqualTo(TRACE);
        assertThat(server.parentSpanId()).isEqualTo(PRODUCER);
        assertThat(server.kind()).isEqualTo(2); // SERVER
        assertThat(client.traceId()).isEqualTo(TRACE);
        assertThat(client.parentSpanId()).isEqualTo(server.spanId());
        assertThat(client.kind()).isEqualTo(3); // CLIENT
        assertThat(sentUpstream).isEqualTo("00-" + TRACE + "-" + client.spanId() + "-01");
    }

    @Test
    void aMessagesTraceGoesThroughEachProcessorToTheDelivery() throws Exception {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        String producer = "b7ad6b7169203331";
        Clients.Ws ws = Clients.Ws.open(gateway.url("/tr-feed/ws").replace("http://", "ws://"));
        try {
            Eventually.within(Duration.ofSeconds(10), () -> {
                var s = gateway.gateway().streamApis().streamsOf("tr-feed").orElseThrow().running("chat");
                return s != null && s.metrics().get("http_server_consumers_connected") == 1;
            });
            HttpResponse<String> r = gateway.send(gateway.request("/tr-feed/publish").header("traceparent", "00-" + trace + "-" + producer + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"order\":1}")).build());
            assertThat(r.statusCode()).isEqualTo(200);
            Eventually.within(Duration.ofSeconds(10), () -> ws.messages.size() == 1);
            var message = Json.read(ws.messages.getFirst());
            assertThat(message.path("trace").asText()).as("tracing_id() in a mapping").isEqualTo(trace);

            OtlpReceiver.Span enrich = await("processor enrich");
            OtlpReceiver.Span stamp = await("processor stamp");
            OtlpReceiver.Span deliver = await("deliver websocket");
            assertThat(List.of(enrich.traceId(), stamp.traceId(), deliver.traceId())).containsOnly(trace);
            assertThat(enrich.parentSpanId()).as("the producer's span is the parent").isEqualTo(producer);
            assertThat(stamp.parentSpanId()).isEqualTo(enrich.spanId());
            assertThat(deliver.parentSpanId()).isEqualTo(stamp.spanId());
            assertThat(message.path("span").asText()).as("tracing_span() is the processor's own span")
                    .isEqualTo("00-" + trace + "-" + enrich.spanId() + "-01");
        } finally {
            ws.close();
        }
    }
}
