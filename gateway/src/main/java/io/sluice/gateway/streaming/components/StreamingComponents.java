package io.sluice.gateway.streaming.components;

import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.SyncResponseStore;
import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;

import java.util.List;
import java.util.Map;

/**
 * Registers the stream endpoints of the gateway module: the {@code http_server} input and output, and the
 * {@code sync_response} output and processor. Found through {@code META-INF/services}.
 */
public final class StreamingComponents implements ComponentProvider {

    private static FieldSpec[] serverFields(String path, String pathDoc) {
        return new FieldSpec[]{
                FieldSpec.string("address").defaultValue("").description("A server of its own for this component, e.g. `0.0.0.0:4196`. Empty: the "
                        + "process-wide server at `0.0.0.0:4195`, shared by every `http_server` component. Not allowed inside a gateway API, whose "
                        + "endpoints are served on the gateway's port below the API's listen path."),
                FieldSpec.string("path").defaultValue(path).description(pathDoc),
        };
    }

    private static FieldSpec tlsCert() {
        return FieldSpec.string("cert_file").defaultValue("").advanced().description("The TLS certificate (PEM) of the component's own server; with `key_file`, switches TLS on. Standalone only.");
    }

    private static FieldSpec tlsKey() {
        return FieldSpec.string("key_file").defaultValue("").advanced().description("The private key (PEM) that goes with `cert_file`. Standalone only.");
    }

    private static FieldSpec cors() {
        return FieldSpec.object("cors",
                FieldSpec.bool("enabled").defaultValue(false).description("Answer browsers' cross-origin requests."),
                FieldSpec.stringList("allowed_origins").defaultValue(List.of()).description("Origins allowed to make requests (`*` for any)."))
                .advanced().description("Adds Cross-Origin Resource Sharing headers. Standalone only: inside an API its own CORS settings apply.");
    }

    public static final ComponentSpec OUTPUT = ComponentSpec.output("http_server")
            .categories("Network")
            .summary("Serves messages to HTTP consumers: the next message per GET, a continuous stream (Server-Sent Events or lines), or a WebSocket. "
                    + "Every open connection receives every message (broadcast) unless `delivery: shared`.")
            .description("""
                    Three endpoints are registered, at `path`, `stream_path` and `ws_path` (an empty path disables one):

                    - `path`: each GET answers with the next message, or the next batch as a `multipart/mixed` body, waiting up to `timeout` \
                    (408 after). The `X-Sluice-Last-Event-Id` response header holds the id of the last message sent; pass it back as \
                    `?last_event_id=` to get the following one with no gap and no repeat.
                    - `stream_path`: Server-Sent Events (`id:`, `event:` and `data:` lines, a comment every `heartbeat`) when `stream_format` is \
                    `event_source` or the client sends `Accept: text/event-stream`; otherwise each message followed by a newline.
                    - `ws_path`: a WebSocket with one frame per message (`ws_message_type`), pinged every `heartbeat`.

                    **Delivery.** With `delivery: broadcast` (the default) every connection receives every message: publishing never waits for \
                    consumers, and each connection may lag up to `buffer_size` messages behind the newest one before `slow_consumer` applies to \
                    it alone: `drop_oldest` skips its oldest messages (reported as an SSE comment), `disconnect` closes it (WebSocket close \
                    code 1008, SSE `event: error`). With `delivery: shared` connections compete for messages like workers on a queue: each \
                    batch goes to one of them, and the output waits (back-pressure) when `buffer_size` messages are waiting for a consumer.

                    **Resuming.** Message ids increase by one per message. The newest `retain` messages are kept, so a consumer that \
                    reconnects with `Last-Event-ID` (SSE) or `?last_event_id=` (all endpoints) receives exactly what it missed, if still \
                    retained. WebSocket clients learn ids with `ws_envelope: true`.

                    A message counts as delivered once it is written to the connection; there is no acknowledgement from consumers.""")
            .fields(
                    serverFields("/get", "Where a GET returns the next message.")[0],
                    serverFields("/get", "Where a GET returns the next message.")[1],
                    FieldSpec.string("stream_path").defaultValue("/get/stream").description("Where a GET stays open and receives messages as they come (SSE or lines)."),
                    FieldSpec.string("ws_path").defaultValue("/get/ws").description("Where clients open a WebSocket to receive messages."),
                    FieldSpec.stringList("allowed_verbs").defaultValue(List.of("GET")).description("The HTTP methods `path` and `stream_path` answer; others get 405."),
                    FieldSpec.duration("timeout").defaultValue("5s").advanced().description("The maximum time a GET of `path` waits for a message."),
                    tlsCert(), tlsKey(), cors(),
                    FieldSpec.string("delivery").defaultValue("broadcast").options("broadcast", "shared")
                            .description("`broadcast`: every connection receives every message. `shared`: connections compete, each message goes to one."),
                    FieldSpec.string("consumer_group").defaultValue("")
                            .description("Broadcast only: connections with the same group share one place in the stream and compete for its messages, "
                                    + "each message going to one of them; every group, and every connection without one, receives every message. "
                                    + "Decided per connection: inside the gateway `$tyk_context.<var>` and `$tyk_meta.<key>` are filled in from the request "
                                    + "and the key (e.g. `$tyk_context.request_ip`: one group per client address) without starting a stream per value. "
                                    + "Empty: no group."),
                    FieldSpec.integer("buffer_size").defaultValue(1024)
                            .description("Broadcast: how many messages a connection may lag behind before `slow_consumer` applies. Shared: how many messages may wait for a consumer before the output waits."),
                    FieldSpec.string("slow_consumer").defaultValue("drop_oldest").options("drop_oldest", "disconnect")
                            .description("What happens to a connection that lags more than `buffer_size` messages (broadcast only)."),
                    FieldSpec.integer("retain").defaultValue(4096)
                            .description("How many of the newest messages are kept for consumers that resume with `Last-Event-ID` or `?last_event_id=` (broadcast only); 0 disables resuming."),
                    FieldSpec.duration("heartbeat").defaultValue("15s").description("Period of SSE heartbeat comments and WebSocket pings; `0s` disables them."),
                    FieldSpec.string("stream_format").defaultValue("raw").options("raw", "event_source")
                            .description("What `stream_path` speaks to clients that do not ask for `text/event-stream`: lines (`raw`) or Server-Sent Events."),
                    FieldSpec.string("sse_event").defaultValue("message").interpolated().advanced()
                            .description("The `event:` name of each Server-Sent Event; empty for none."),
                    FieldSpec.string("ws_message_type").defaultValue("binary").options("binary", "text").description("The type of WebSocket frames carrying messages."),
                    FieldSpec.bool("ws_envelope").defaultValue(false).advanced()
                            .description("Send each WebSocket message as a JSON text `{\"id\": <id>, \"data\": <payload>}` so that clients can resume with `?last_event_id=`."))
            .example("Live feed", "Every browser gets every message, over SSE or WebSocket, and resumes after a reconnect.", """
                    output:
                      http_server:
                        stream_path: /feed
                        ws_path: /feed/ws
                        stream_format: event_source
                        slow_consumer: disconnect
                    """)
            .example("Worker groups", "Connections of one group share the work; each group sees every message.", """
                    output:
                      http_server:
                        path: ""
                        stream_path: ""
                        ws_path: /jobs/ws
                        consumer_group: workers
                    """);

    public static final ComponentSpec INPUT = ComponentSpec.input("http_server")
            .categories("Network")
            .summary("Receives messages POSTed over HTTP(S) or sent over a WebSocket.")
            .description("""
                    - `path`: each request body is one message; a multipart body (RFC 1341) is a batch with one message per part.
                    - `ws_path`: each WebSocket message is a batch of one message; the next is read once the previous was delivered.

                    A POST is answered once the stream delivered its message (at-least-once): 200 with an empty body, or the message \
                    stored by a `sync_response` output or processor, with the status and headers of `sync_response`. A message the \
                    output rejected is answered with 502, one that took longer than `timeout` with 408 (it may still be delivered if \
                    the stream had already taken it). With `rate_limit`, a request over the limit gets 429 with `Retry-After`; a \
                    WebSocket message over it is dropped and answered with `ws_rate_limit_message`.

                    Messages carry the metadata `http_server_user_agent`, `http_server_request_path`, `http_server_verb`, \
                    `http_server_remote_ip`, every header (first value), query parameter and cookie.""")
            .fields(
                    serverFields("/post", "Where clients send messages, one per request.")[0],
                    serverFields("/post", "Where clients send messages, one per request.")[1],
                    FieldSpec.string("ws_path").defaultValue("/post/ws").description("Where clients open a WebSocket to send messages."),
                    FieldSpec.string("ws_welcome_message").defaultValue("").advanced().description("Sent to each WebSocket client right after it connects; empty sends nothing."),
                    FieldSpec.string("ws_rate_limit_message").defaultValue("").advanced().description("Sent to a WebSocket client whose message was dropped by `rate_limit`; empty sends nothing."),
                    FieldSpec.stringList("allowed_verbs").defaultValue(List.of("POST")).description("The HTTP methods `path` accepts; others get 405."),
                    FieldSpec.duration("timeout").defaultValue("5s").description("How long a request waits for its message to be delivered. After that it gets 408, yet the message may still be delivered: a client that retries can cause a duplicate."),
                    FieldSpec.string("rate_limit").defaultValue("").references(ComponentKind.RATE_LIMIT).description("The label of a rate limit resource each request must pass; over the limit a request gets 429."),
                    tlsCert(), tlsKey(), cors(),
                    FieldSpec.object("sync_response",
                            FieldSpec.string("status").defaultValue("200").interpolated().example("201", "${! @http_status }")
                                    .description("The status code of synchronous responses; interpolated from the response message."),
                            FieldSpec.stringMap("headers").defaultValue(Map.of("Content-Type", "application/octet-stream")).interpolated()
                                    .description("Headers of the response, interpolated from the response message."),
                            FieldSpec.object("metadata_headers",
                                    FieldSpec.stringList("include_prefixes").defaultValue(List.of()).description("Metadata keys starting with one of these become response headers."),
                                    FieldSpec.stringList("include_patterns").defaultValue(List.of()).regex().description("Metadata keys matching one of these regular expressions become response headers."))
                                    .description("Which metadata of the response message become response headers."))
                            .advanced().description("The status and headers of the answer to a POST (see `sync_response`)."));

    public static final ComponentSpec SYNC_RESPONSE_OUTPUT = ComponentSpec.output("sync_response")
            .categories("Utility")
            .summary("Hands each message back to the input it came from as the answer to its request: for `http_server`, the body of the HTTP response.")
            .description("Inputs that cannot answer (most of them) ignore it, so it is safe in any stream. With the `http_server` input the "
                    + "stored messages become the body of the HTTP response (or WebSocket replies). Combine it with others in a `broker`.")
            .fields();

    public static final ComponentSpec SYNC_RESPONSE_PROCESSOR = ComponentSpec.processor("sync_response")
            .categories("Utility")
            .summary("Stores the message as it is at this point as the answer to the request it came from, and passes it on.")
            .description("The message goes on unchanged. Inputs that cannot answer ignore the response.")
            .fields();

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(OUTPUT, HttpServerOutput::new);
        registry.register(INPUT, HttpServerInput::new);
        registry.register(SYNC_RESPONSE_OUTPUT, (conf, ctx) -> new Output() {
            @Override
            public void write(Batch batch) {
                SyncResponseStore.storeAll(batch);
            }
        });
        registry.register(SYNC_RESPONSE_PROCESSOR, (conf, ctx) -> (Processor) batch -> {
            SyncResponseStore.storeAll(batch);
            return List.of(batch);
        });
    }
}
