package io.sluice.gateway.streaming.hub;

/**
 * Creates the hub of one stream output. The gateway may hand one to stream components through
 * {@code ComponentContext.services()} (e.g. a Redis Streams hub so that all nodes of a cluster see every message);
 * without one, outputs use an {@link InMemoryStreamHub}.
 */
@FunctionalInterface
public interface StreamHubFactory {

    /**
     * @param streamName the stream's name
     * @param outputPath config path of the output, unique within the stream (e.g. {@code output})
     */
    StreamHub create(String streamName, String outputPath, HubSettings settings);

    StreamHubFactory IN_MEMORY = (stream, path, settings) -> new InMemoryStreamHub(settings);
}
