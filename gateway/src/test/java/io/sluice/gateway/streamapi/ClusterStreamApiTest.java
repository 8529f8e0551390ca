package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RedisRequirement;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three gateway nodes (in this JVM) on one Redis, each with its own {@code app_path}: the stream hub on Redis Streams
 * gives every consumer of every node every message of a singleton {@code generate} stream exactly once, with the same
 * ids; {@code /tyk/cluster} lists the nodes with their APIs, streams, leases and consumers; an API added through one
 * node is served by all after {@code /tyk/reload/group}; and a key limited to 10 messages a second gets 10 a second
 * in total across the three nodes.
 */
class ClusterStreamApiTest {

    private static final String TICKER = """
            input:
              generate:
                interval: 20ms
                mapping: 'root = {"n": counter()}'
            output:
              http_server:
                stream_path: /ticker/sse
                path: /ticker/get
            """;

    @TempDir
    static Path dir;
    private static final List<RunningGateway> nodes = new ArrayList<>();
    private static final String PREFIX = "sluice-cluster-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void start() throws Exception {
        RedisRequirement.check();
        StorageConfig redis = StorageConfig.redis(RedisRequirement.HOST, RedisRequirement.PORT).withKeyPrefix(PREFIX);
        for (int i = 0; i < 3; i++) {
            nodes.add(RunningGateway.start(dir.resolve("node" + i), c -> c.withStorage(redis),
                    StreamApiDocs.of("events", "/events/").authToken().yaml("ticker", TICKER).docs()));
        }
    }

    @AfterAll
    static void stop() {
        nodes.forEach(RunningGateway::close);
        RedisClient client = RedisClient.create(RedisURI.create(RedisRequirement.HOST, RedisRequirement.PORT));
        try (var redis = client.connect()) {
            List<String> keys = redis.sync().keys(PREFIX + "*");
            if (!keys.isEmpty()) redis.sync().del(keys.toArray(String[]::new));
        } finally {
            client.shutdown();
        }
    }

    private static String createKey(String session) {
        return nodes.getFirst().createKey(session);
    }

    @Test
    void everyConsumerOnEveryNodeGetsEveryMessageOnceWithTheSameIds() throws Exception {
        String key = createKey("{\"access_rights\": {\"events\": {\"api_id\": \"events\"}}}");
        List<Clients.Sse> consumers = new ArrayList<>();
        try {
            for (RunningGateway node : nodes) {
                Clients.Sse sse = Clients.Sse.open(node.url("/events/ticker/sse"), "Authorization", key);
                assertThat(sse.status).isEqualTo(200);
                consumers.add(sse);
            }
            Eventually.within(Duration.ofSeconds(20), () -> consumers.stream().allMatch(c -> c.events.size() >= 30));
            // Compare the ids all three saw: the same message under the same id everywhere, consecutive, and the
            // generator's counter consecutive too (one node runs the singleton stream, not three).
            Set<String> common = new HashSet<>(ids(consumers.get(0)));
            consumers.forEach(c -> common.retainAll(ids(c)));
            assertThat(common).hasSizeGreaterThanOrEqualTo(20);
            for (Clients.Sse c : consumers) {
                List<Clients.Event> events = List.copyOf(c.events);
                for (int i = 1; i < events.size(); i++) {
                    assertThat(Long.parseLong(events.get(i).id())).isEqualTo(Long.parseLong(events.get(i - 1).id()) + 1);
                    assertThat(n(events.get(i))).isEqualTo(n(events.get(i - 1)) + 1);
                }
            }
            Clients.Event sample = consumers.get(0).events.get(5);
            for (Clients.Sse c : consumers) {
                c.events.stream().filter(e -> e.id().equals(sample.id())).findFirst()
                        .ifPresent(e -> assertThat(e.data()).isEqualTo(sample.data()));
            }

            // Nodes report themselves once a second: wait for reports made after the consumers connected.
            JsonNode[] seen = new JsonNode[1];
            Eventually.within(Duration.ofSeconds(10), () -> {
                seen[0] = Json.read(nodes.get(1).admin("GET", "/tyk/cluster", null).body());
                int reporting = 0;
                for (JsonNode node : seen[0].path("nodes")) {
                    if (node.path("streams").path(0).path("consumers").asInt() >= 1) reporting++;
                }
                return reporting == 3;
            });
            JsonNode cluster = seen[0];
            assertThat(cluster.path("hub").asText()).isEqualTo("redis");
            assertThat(cluster.path("nodes")).hasSize(3);
            int leaseHolders = 0;
            for (JsonNode node : cluster.path("nodes")) {
                assertThat(node.path("address").asText()).startsWith("http://");
                assertThat(node.path("version").asText()).isNotEmpty();
                assertThat(node.path("last_heartbeat").asText()).isNotEmpty();
                assertThat(node.path("apis").toString()).contains("events");
                JsonNode ticker = node.path("streams").get(0);
                assertThat(ticker.path("stream").asText()).isEqualTo("ticker");
                assertThat(ticker.path("placement").asText()).isEqualTo("singleton");
                assertThat(ticker.path("consumers").asInt()).isGreaterThanOrEqualTo(1);
                if (node.path("leases").size() > 0) {
                    leaseHolders++;
                    assertThat(node.path("leases").get(0).path("stream").asText()).isEqualTo("events/ticker");
                    assertThat(ticker.path("input_here").asBoolean()).isTrue();
                } else {
                    assertThat(ticker.path("input_here").asBoolean()).isFalse();
                }
            }
            assertThat(leaseHolders).isEqualTo(1);
        } finally {
            consumers.forEach(Clients.Sse::close);
        }
    }

    @Test
    void anApiAddedThroughOneNodeIsServedByEveryNodeAfterAGroupReload() {
        String api = StreamApiDocs.of("added", "/added/")
                .yaml("echo", "input:\n  http_server:\n    path: /in\noutput:\n  http_server:\n    path: /out\n").json();
        assertThat(nodes.get(0).admin("POST", "/tyk/apis/oas", api).statusCode()).isEqualTo(200);
        assertThat(nodes.get(0).admin("GET", "/tyk/reload/group", null).statusCode()).isEqualTo(200);
        for (RunningGateway node : nodes) {
            Eventually.within(Duration.ofSeconds(15), () -> node.admin("GET", "/tyk/apis/oas/added", null).statusCode() == 200
                    && routes(node, "added"));
        }
        // ... and deleted through another node, it is gone everywhere.
        assertThat(nodes.get(2).admin("DELETE", "/tyk/apis/oas/added", null).statusCode()).isEqualTo(200);
        assertThat(nodes.get(2).admin("GET", "/tyk/reload/group", null).statusCode()).isEqualTo(200);
        for (RunningGateway node : nodes) {
            Eventually.within(Duration.ofSeconds(15), () -> !routes(node, "added"));
        }
    }

    @Test
    void aKeyLimitedToTenMessagesASecondGetsTenASecondInTotalAcrossThreeNodes() throws Exception {
        String key = createKey("{\"rate\": 10, \"per\": 1, \"access_rights\": {\"events\": {\"api_id\": \"events\"}}}");
        List<Clients.Sse> consumers = new ArrayList<>();
        try {
            for (RunningGateway node : nodes) {
                consumers.add(Clients.Sse.open(node.url("/events/ticker/sse"), "Authorization", key));
            }
            // The stream makes 50 messages a second; each node's consumer would take 10 a second on its own.
            Eventually.within(Duration.ofSeconds(20), () -> consumers.stream().mapToInt(c -> c.events.size()).sum() >= 10);
            int before = consumers.stream().mapToInt(c -> c.events.size()).sum();
            long start = System.nanoTime();
            Thread.sleep(4000); // the period the rate is measured over, not a wait for a condition
            int delivered = consumers.stream().mapToInt(c -> c.events.size()).sum() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            // A sliding window of one second admits at most 10 in any second: over the period, at most 10 per started
            // second plus one window admitted just before it and delivered inside it.
            assertThat(delivered).isLessThanOrEqualTo((int) (10 * Math.ceil(seconds)) + 10);
            assertThat(delivered).isGreaterThanOrEqualTo(15);
            consumers.forEach(c -> assertThat(c.events.size()).isGreaterThan(0));
        } finally {
            consumers.forEach(Clients.Sse::close);
        }
    }

    private static boolean routes(RunningGateway node, String apiId) {
        return node.gateway().routes().byId(apiId).isPresent();
    }

    private static List<String> ids(Clients.Sse sse) {
        return sse.events.stream().map(Clients.Event::id).toList();
    }

    private static long n(Clients.Event event) {
        return Json.read(event.data()).path("n").asLong();
    }
}
