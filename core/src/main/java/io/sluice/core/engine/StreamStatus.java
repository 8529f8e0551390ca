package io.sluice.core.engine;

import java.util.Map;

/**
 * A snapshot of a running stream for status pages: the connection of its input and of its output, the component
 * types they were built from, and its counters ({@code input_received}, {@code output_sent}, {@code *_connection_*}, ...).
 */
public record StreamStatus(String name, String inputType, String outputType,
                           ConnectionStatus input, ConnectionStatus output, Map<String, Long> counters) {
}
