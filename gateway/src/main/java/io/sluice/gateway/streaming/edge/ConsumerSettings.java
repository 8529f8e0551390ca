package io.sluice.gateway.streaming.edge;

import java.time.Duration;
import java.util.Set;

/**
 * How an {@code http_server} output serves its consumers.
 *
 * @param allowedVerbs       methods of the {@code path} and {@code stream_path} endpoints
 * @param timeout            how long a GET of {@code path} waits for a message
 * @param heartbeat          SSE comment / WebSocket ping period; zero disables
 * @param eventSourceDefault {@code stream_path} speaks SSE even without {@code Accept: text/event-stream}
 * @param wsText             WebSocket messages as text frames instead of binary
 * @param wsEnvelope         WebSocket messages as {@code {"id":..,"data":..}} text, so clients can resume
 * @param cors               standalone CORS
 * @param maxPerWrite        most messages taken from the hub per write
 */
public record ConsumerSettings(Set<String> allowedVerbs, Duration timeout, Duration heartbeat, boolean eventSourceDefault,
                               boolean wsText, boolean wsEnvelope, CorsPolicy cors, int maxPerWrite) {
}
