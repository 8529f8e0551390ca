package io.sluice.gateway;

import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.streamapi.StreamApis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The streams of the gateway's active stream APIs as the topics of a native entrypoint name them: the API's listen
 * path without its outer slashes, with {@code separator} for {@code /} (MQTT keeps {@code /}, Kafka writes {@code .}),
 * then the stream. Where two APIs would give the same name, the first API wins.
 */
public final class EntrypointTopics {

    /** A stream of an API as a topic reaches it. */
    public record Topic(ApiDefinition api, StreamApis.StreamAccess access) {
        /** The gateway path of the first of a stream's endpoints ({@code access.posts()}, ...), or null without one. */
        public String path(List<String> endpoints) {
            return endpoints.isEmpty() ? null : api.listenPath().base() + endpoints.getFirst();
        }
    }

    private final Gateway gateway;
    private final char separator;

    public EntrypointTopics(Gateway gateway, char separator) {
        this.gateway = gateway;
        this.separator = separator;
    }

    /** Every topic, by name. */
    public Map<String, Topic> all() {
        Map<String, Topic> out = new LinkedHashMap<>();
        if (gateway.streamApis() == null) return out;
        for (ApiDefinition api : gateway.apis().all()) {
            if (!api.active() || !api.isStreamApi()) continue;
            String prefix = prefix(api);
            for (StreamApis.StreamAccess access : streamsOf(api).values()) {
                out.putIfAbsent(prefix.isEmpty() ? access.stream() : prefix + separator + access.stream(), new Topic(api, access));
            }
        }
        return out;
    }

    /** The topic of that name; only the APIs whose prefix the name starts with are read. */
    public Optional<Topic> find(String topic) {
        if (topic == null || topic.isEmpty() || gateway.streamApis() == null) return Optional.empty();
        for (ApiDefinition api : gateway.apis().all()) {
            if (!api.active() || !api.isStreamApi()) continue;
            String prefix = prefix(api);
            String stream;
            if (prefix.isEmpty()) stream = topic;
            else if (topic.startsWith(prefix + separator)) stream = topic.substring(prefix.length() + 1);
            else continue;
            StreamApis.StreamAccess access = streamsOf(api).get(stream);
            if (access != null) return Optional.of(new Topic(api, access));
        }
        return Optional.empty();
    }

    /** The listen path without its outer slashes, {@code separator} for {@code /}. */
    public String prefix(ApiDefinition api) {
        String base = api.listenPath().base();
        return (base.startsWith("/") ? base.substring(1) : base).replace('/', separator);
    }

    private Map<String, StreamApis.StreamAccess> streamsOf(ApiDefinition api) {
        try {
            return gateway.streamApis().accessOf(api);
        } catch (InvalidApiDefinitionException invalid) {
            return Map.of(); // a definition the gateway refused serves nothing
        }
    }
}
