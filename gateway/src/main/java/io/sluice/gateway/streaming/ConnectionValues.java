package io.sluice.gateway.streaming;

/**
 * What a host knows about the caller of a stream endpoint, for fields whose value is decided per connection rather
 * than per stream (an output's {@code consumer_group}). Inside the gateway the {@link StreamRequest#principal()}
 * implements it and fills Tyk's {@code $tyk_context.<var>} and {@code $tyk_meta.<key>} references with the request's
 * and the key's values; standalone there is none and the text is used as written.
 */
public interface ConnectionValues {

    /** {@code text} with every reference the host knows replaced by this connection's value (missing values: empty). */
    String fill(String text);

    /** The value of {@code text} for the connection of {@code request}. */
    static String fill(String text, StreamRequest request) {
        if (text == null || text.isEmpty()) return text;
        return request.principal() instanceof ConnectionValues values ? values.fill(text) : text;
    }
}
