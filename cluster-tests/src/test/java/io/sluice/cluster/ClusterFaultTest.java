package io.sluice.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.testkit.TcpProxy;
import io.sluice.testkit.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's promises under faults, with three gateway nodes as separate processes on a redis-server of the test's
 * own (append-only file on), a Kafka broker, a RabbitMQ node and a load balancer that health-checks {@code /hello}.
 * Node 3 reaches Redis through a TCP proxy the partition test cuts. Every scenario prints what was sent, what each
 * consumer received, duplicates, the gap and the time to recover, and checks it by sequence numbers. The two scenarios
 * that kill a node run last: a killed node is started again before the next scenario (several seconds of JVM start on
 * a busy machine), and after the last one it need not be.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE = 200; // messages a second into Kafka: the issue asks for at least 150

    private static Path dir;
    private static RedisServer redis;
    private static TcpProxy redisProxy;
    private static RabbitMqServer rabbit;
    private static KafkaBroker kafka;
    private static final List<GatewayNode> nodes = new ArrayList<>();
    private static LoadBalancer lb;
    private static final int[] lbPorts = new int[3];

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Ports.target().resolve("cluster-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        rabbit = RabbitMqServer.launch(dir.resolve("rabbitmq")); // starts in the background meanwhile
        redis = RedisServer.start(dir.resolve("redis"));
        redisProxy = new TcpProxy("127.0.0.1", redis.port());
        for (int i = 1; i <= 3; i++) {
            int redisPort = i == 3 ? redisProxy.port() : redis.port();
            nodes.add(new GatewayNode("node" + i, dir, Map.of(
                    "SLUICE_GW_STORAGE_TYPE", "redis",
                    "SLUICE_GW_STORAGE_HOST", "127.0.0.1",
                    "SLUICE_GW_STORAGE_PORT", Integer.toString(redisPort),
                    "SLUICE_GW_STORAGE_TIMEOUT", "2",
                    "SLUICE_GW_STORAGE_KEY_PREFIX", "ft:",
                    "SLUICE_GW_STREAMING_LEASE_TTL", "2",
                    "SLUICE_GW_STREAMING_REDIS_LOST_AFTER", "2")).launch());
        }
        kafka = KafkaBroker.shared();
        nodes.forEach(GatewayNode::awaitReady);
        lb = new LoadBalancer(nodes);
        for (int i = 0; i < 3; i++) lbPorts[i] = lb.listen(i);
    }

    @AfterAll
    static void stopCluster() {
        if (lb != null) lb.close();
        nodes.forEach(GatewayNode::close);
        if (redisProxy != null) redisProxy.close();
        if (redis != null) redis.close();
        if (rabbit != null) rabbit.close();
    }

    // ---- scenarios ----

    @Test
    @Order(4)
    void nodeKill() throws Exception {
        ensureThreeNodes();
        String topic = "ft-kill-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 3);
        String api = deploy("kill", kafkaStream(topic));
        List<SseConsumer> consumers = consumers(api, 2);
        try (KafkaFeed feed = new KafkaFeed(kafka.bootstrap(), topic, 3, RATE)) {
            Waits.until("every consumer has 150 messages", Duration.ofSeconds(60), () -> consumers.stream().allMatch(c -> c.events.size() >= 150));
            Set<Long> beforeKill = Set.copyOf(feed.acked);
            long killedAt = System.nanoTime();
            nodes.get(2).kill();
            int ackedAtKill = feed.acked.size();
            Waits.until("the source took 800 more messages", Duration.ofSeconds(60), () -> feed.acked.size() >= ackedAtKill + 800);
            feed.close();
            Set<Long> sent = Set.copyOf(feed.acked);
            awaitComplete(consumers, sent, Duration.ofSeconds(90));

            double recovered = seconds(consumers.stream().mapToLong(c -> Tally.completeAt(c, beforeKill)).max().orElseThrow() - killedAt);
            double resumed = seconds(consumers.subList(4, 6).stream()
                    .mapToLong(c -> firstAfter(c, c.connectedAt.get(c.connectedAt.size() - 1))).max().orElseThrow() - killedAt);
            List<Tally> tallies = report("node kill (kill -9 of node3; Kafka, 3 partitions, " + RATE + " msg/s; 2 SSE consumers per node)",
                    sent, consumers, feed.partitionOf,
                    "node3's consumers resumed on another node after %.1fs; every consumer held every message sent before the kill after %.1fs"
                            .formatted(resumed, recovered));
            for (int i = 0; i < 6; i++) {
                Tally t = tallies.get(i);
                assertThat(t.duplicates()).as(t.consumer() + " duplicates").isZero();
                assertThat(t.gap()).as(t.consumer() + " gap").isZero();
                assertThat(t.inOrder()).as(t.consumer() + " in order per partition").isTrue();
                if (i < 4) assertThat(t.reconnects()).as(t.consumer() + " (survivor) was never disconnected").isZero();
                else assertThat(t.reconnects()).as(t.consumer() + " (on the killed node) resumed elsewhere").isGreaterThanOrEqualTo(1);
            }
        } finally {
            consumers.forEach(SseConsumer::close);
            undeploy(api);
        }
    }

    @Test
    @Order(5)
    void singletonFailover() throws Exception {
        ensureThreeNodes();
        String api = deploy("single", """
                input:
                  generate:
                    interval: 50ms
                    mapping: 'root = {"seq": counter(), "node": env("SLUICE_NODE_NAME"), "uid": uuid_v4()}'
                output:
                  http_server:
                    stream_path: /feed/sse
                """);
        List<SseConsumer> consumers = consumers(api, 1);
        try {
            Waits.until("every consumer has 20 messages", Duration.ofSeconds(60), () -> consumers.stream().allMatch(c -> c.events.size() >= 20));
            String holder = node(consumers.getFirst().events.getLast().data());
            assertThat(consumers.stream().flatMap(c -> c.events.stream()).map(e -> node(e.data())).distinct().toList())
                    .as("one node runs the generate stream").containsExactly(holder);
            GatewayNode victim = nodes.stream().filter(n -> n.name.equals(holder)).findFirst().orElseThrow();
            List<SseConsumer> survivors = new ArrayList<>();
            for (int i = 0; i < 3; i++) if (nodes.get(i) != victim) survivors.add(consumers.get(i));
            long killedAt = System.nanoTime();
            victim.kill();
            // The lease (2 s) lapses, another node takes it and its generate input starts: within 5 s.
            Waits.until("another node continues the generate stream", Duration.ofSeconds(5),
                    () -> survivors.stream().anyMatch(c -> c.events.stream().anyMatch(e -> !node(e.data()).equals(holder))));
            long takeover = survivors.stream().flatMap(c -> c.events.stream()).filter(e -> !node(e.data()).equals(holder))
                    .mapToLong(SseConsumer.Event::atNanos).min().orElseThrow();
            Waits.until("every consumer has 20 messages from the new holder", Duration.ofSeconds(30), () -> consumers.stream()
                    .allMatch(c -> c.events.stream().filter(e -> !node(e.data()).equals(holder)).count() >= 20));

            System.out.println("[cluster] singleton failover (generate every 50 ms; kill -9 of the lease holder " + holder + "): "
                    + "the stream continued on another node after %.1fs".formatted(seconds(takeover - killedAt)));
            for (SseConsumer c : consumers) {
                List<SseConsumer.Event> events = List.copyOf(c.events);
                Set<String> uids = new HashSet<>();
                int duplicates = 0;
                int gap = 0;
                for (int i = 0; i < events.size(); i++) {
                    if (!uids.add(uid(events.get(i).data()))) duplicates++;
                    if (i > 0 && events.get(i).id() != events.get(i - 1).id() + 1) gap += (int) Math.max(1, events.get(i).id() - events.get(i - 1).id() - 1);
                }
                System.out.printf("  %-10s received=%d duplicates=%d gap=%d reconnects=%d%n", c.name, events.size(), duplicates, gap, c.reconnects());
                assertThat(duplicates).as(c.name + " duplicates").isZero();
                assertThat(gap).as(c.name + " ids without gaps").isZero();
            }
        } finally {
            consumers.forEach(SseConsumer::close);
            undeploy(api);
        }
    }

    @Test
    @Order(1)
    void partitionOfOneNodeFromRedis() throws Exception {
        ensureThreeNodes();
        String topic = "ft-part-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 3);
        String api = deploy("part", kafkaStream(topic));
        List<SseConsumer> consumers = consumers(api, 2);
        SseConsumer late = null;
        CompletableFuture<String> wsClosed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(nodes.get(2).url("/" + api + "/feed/ws").replace("http:", "ws:")), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                        wsClosed.complete(statusCode + " " + reason);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try (KafkaFeed feed = new KafkaFeed(kafka.bootstrap(), topic, 3, RATE)) {
            Waits.until("every consumer has 100 messages", Duration.ofSeconds(60), () -> consumers.stream().allMatch(c -> c.events.size() >= 100));
            long cutAt = System.nanoTime();
            redisProxy.refuse(true);
            List<SseConsumer> cutOff = consumers.subList(4, 6);
            Waits.until("node3 closes its consumers with the reason", Duration.ofSeconds(20), () -> cutOff.stream().allMatch(c -> !c.errors.isEmpty()));
            assertThat(wsClosed.get(10, TimeUnit.SECONDS)).as("node3's WebSocket consumer is closed as 'service restart' with the reason")
                    .startsWith("1012 ").contains("lost its connection to Redis");
            long closedAt = System.nanoTime();
            Waits.until("node3's consumers resume on another node", Duration.ofSeconds(20),
                    () -> cutOff.stream().allMatch(c -> c.connected() && c.reconnects() >= 1));
            int ackedAtCut = feed.acked.size();
            Waits.until("the source took 600 more messages", Duration.ofSeconds(60), () -> feed.acked.size() >= ackedAtCut + 600);
            long healedAt = System.nanoTime();
            redisProxy.refuse(false);
            Waits.until("node3 serves its streams again", Duration.ofSeconds(30), () -> lb.healthy(2) && runsStream(nodes.get(2), api));
            late = new SseConsumer("node3-late", nodes.get(2).url("/" + api + "/feed/sse"));
            SseConsumer lateConsumer = late;
            Waits.until("a new consumer on node3 receives messages", Duration.ofSeconds(30), () -> lateConsumer.events.size() >= 20);
            long rejoinedAt = lateConsumer.events.getFirst().atNanos();
            feed.close();
            Set<Long> sent = Set.copyOf(feed.acked);
            awaitComplete(consumers, sent, Duration.ofSeconds(90));

            List<Tally> tallies = report("partition (node3 cut from Redis by a TCP proxy, then healed; Kafka, " + RATE + " msg/s)",
                    sent, consumers, feed.partitionOf,
                    "node3 closed its consumers %.1fs after the cut; it served again %.1fs after the heal".formatted(
                            seconds(closedAt - cutAt), seconds(rejoinedAt - healedAt)));
            for (int i = 0; i < 6; i++) {
                Tally t = tallies.get(i);
                assertThat(t.duplicates()).as(t.consumer() + " duplicates").isZero();
                assertThat(t.gap()).as(t.consumer() + " gap").isZero();
                assertThat(t.inOrder()).as(t.consumer() + " in order per partition").isTrue();
                if (i >= 4) assertThat(t.closedWith().getFirst()).contains("lost its connection to Redis");
                else assertThat(t.reconnects()).as(t.consumer() + " was never disconnected").isZero();
            }
        } finally {
            ws.abort();
            redisProxy.refuse(false);
            consumers.forEach(SseConsumer::close);
            if (late != null) late.close();
            undeploy(api);
        }
    }

    @Test
    @Order(2)
    void redisRestart() throws Exception {
        ensureThreeNodes();
        String topic = "ft-redis-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 3);
        String api = deploy("redisrestart", kafkaStream(topic));
        List<SseConsumer> consumers = consumers(api, 1);
        try (KafkaFeed feed = new KafkaFeed(kafka.bootstrap(), topic, 3, RATE)) {
            Waits.until("every consumer has 100 messages", Duration.ofSeconds(60), () -> consumers.stream().allMatch(c -> c.events.size() >= 100));
            Set<Long> before = Set.copyOf(feed.acked);
            long restartAt = System.nanoTime();
            redis.kill();
            redis.restart();
            long upAt = System.nanoTime();
            int ackedAtRestart = feed.acked.size();
            Waits.until("the source took 600 more messages", Duration.ofSeconds(60), () -> feed.acked.size() >= ackedAtRestart + 600);
            feed.close();
            Set<Long> sent = Set.copyOf(feed.acked);
            awaitComplete(consumers, sent, Duration.ofSeconds(90));
            double recovered = seconds(consumers.stream().mapToLong(c -> firstAfter(c, upAt)).max().orElseThrow() - restartAt);
            assertThat(consumers).allMatch(c -> Tally.holdsAll(c, before));
            List<Tally> tallies = report("Redis restart (kill -9 of redis-server, started again from its append-only file in %.1fs; Kafka, %d msg/s)"
                            .formatted(seconds(upAt - restartAt), RATE), sent, consumers, feed.partitionOf,
                    "every consumer received new messages again %.1fs after the kill".formatted(recovered));
            for (Tally t : tallies) {
                assertThat(t.duplicates()).as(t.consumer() + " duplicates").isZero();
                assertThat(t.gap()).as(t.consumer() + " gap").isZero();
                assertThat(t.inOrder()).as(t.consumer() + " in order per partition").isTrue();
            }
        } finally {
            consumers.forEach(SseConsumer::close);
            undeploy(api);
        }
    }

    /**
     * The Kafka and the RabbitMQ broker restarts at once: each stream has its own broker and API, neither scenario
     * touches the nodes or Redis, and most of each is waiting for a broker to stop, start and be reconnected to.
     * Each checks the same as on its own; a failure of either fails the test (the other's as a suppressed error).
     */
    @Test
    @Order(3)
    void kafkaAndRabbitMqBrokerRestarts() throws Exception {
        ensureThreeNodes();
        rabbit.awaitReady();
        try (ExecutorService scenarios = Executors.newFixedThreadPool(2)) {
            Future<?> kafkaRestart = scenarios.submit(() -> {
                kafkaBrokerRestart();
                return null;
            });
            Future<?> rabbitRestart = scenarios.submit(() -> {
                rabbitMqBrokerRestart();
                return null;
            });
            Throwable failure = null;
            for (Future<?> scenario : List.of(kafkaRestart, rabbitRestart)) {
                try {
                    scenario.get();
                } catch (ExecutionException e) {
                    if (failure == null) failure = e.getCause();
                    else failure.addSuppressed(e.getCause());
                }
            }
            if (failure instanceof Exception e) throw e;
            if (failure instanceof Error e) throw e;
        }
    }

    private void kafkaBrokerRestart() throws Exception {
        String topic = "ft-kafka-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 3);
        String api = deploy("kafkarestart", kafkaStream(topic));
        List<SseConsumer> consumers = consumers(api, 1);
        try (KafkaFeed feed = new KafkaFeed(kafka.bootstrap(), topic, 3, RATE)) {
            Waits.until("every consumer has 100 messages", Duration.ofSeconds(60), () -> consumers.stream().allMatch(c -> c.events.size() >= 100));
            long stoppedAt = System.nanoTime();
            kafka.stop();
            kafka.restart();
            long upAt = System.nanoTime();
            int ackedAtRestart = feed.acked.size();
            Waits.until("the source took 600 more messages", Duration.ofSeconds(90), () -> feed.acked.size() >= ackedAtRestart + 600);
            feed.close();
            Set<Long> sent = Set.copyOf(feed.acked);
            awaitComplete(consumers, sent, Duration.ofSeconds(90));
            double flowing = seconds(consumers.stream().mapToLong(c -> firstAfter(c, upAt)).max().orElseThrow() - upAt);
            List<Tally> tallies = report("Kafka broker restart (stopped and started again in %.1fs; %d msg/s)".formatted(seconds(upAt - stoppedAt), RATE),
                    sent, consumers, feed.partitionOf, "messages reached every consumer again %.1fs after the broker was back".formatted(flowing));
            for (Tally t : tallies) {
                assertThat(t.duplicates()).as(t.consumer() + " duplicates").isZero();
                assertThat(t.gap()).as(t.consumer() + " gap").isZero();
                assertThat(t.inOrder()).as(t.consumer() + " in order per partition").isTrue();
            }
        } finally {
            consumers.forEach(SseConsumer::close);
            undeploy(api);
        }
    }

    private void rabbitMqBrokerRestart() throws Exception {
        String queue = "ft-" + UUID.randomUUID().toString().substring(0, 8);
        String api = deploy("rabbitrestart", """
                input:
                  amqp_0_9:
                    urls: ["%s"]
                    queue: %s
                    queue_declare: {enabled: true, durable: true}
                    prefetch_count: 20
                output:
                  http_server:
                    stream_path: /feed/sse
                """.formatted(rabbit.url(), queue));
        List<SseConsumer> consumers = consumers(api, 1);
        try (AmqpFeed feed = new AmqpFeed(rabbit.url(), queue, 100)) {
            Waits.until("every consumer has 100 messages", Duration.ofSeconds(60), () -> consumers.stream().allMatch(c -> c.events.size() >= 100));
            long stoppedAt = System.nanoTime();
            rabbit.stop();
            rabbit.restart();
            long upAt = System.nanoTime();
            int confirmedAtRestart = feed.confirmed.size();
            // 100: five times the input's prefetch (20), so an input that stopped acknowledging after the restart
            // would stall well before; more messages would only take longer at 100 a second.
            Waits.until("the broker confirmed 100 more messages", Duration.ofSeconds(90), () -> feed.confirmed.size() >= confirmedAtRestart + 100);
            feed.close();
            Set<Long> sent = Set.copyOf(feed.confirmed);
            awaitComplete(consumers, sent, Duration.ofSeconds(90));
            double flowing = seconds(consumers.stream().mapToLong(c -> firstAfter(c, upAt)).max().orElseThrow() - upAt);
            List<Tally> tallies = report("RabbitMQ broker restart (graceful stop and start in %.1fs; durable queue, 100 msg/s)".formatted(seconds(upAt - stoppedAt)),
                    sent, consumers, null, "messages reached every consumer again %.1fs after the broker was back".formatted(flowing));
            for (Tally t : tallies) {
                assertThat(t.duplicates()).as(t.consumer() + " duplicates").isZero();
                assertThat(t.gap()).as(t.consumer() + " gap").isZero();
            }
        } finally {
            consumers.forEach(SseConsumer::close);
            undeploy(api);
        }
    }

    // ---- helpers ----

    private static String kafkaStream(String topic) {
        return """
                input:
                  kafka:
                    addresses: ["%s"]
                    topics: ["%s"]
                    consumer_group: "%s"
                    commit_period: 200ms
                    group: {session_timeout: 6s, heartbeat_interval: 500ms, rebalance_timeout: 10s}
                output:
                  http_server:
                    stream_path: /feed/sse
                    ws_path: /feed/ws
                """.formatted(kafka.bootstrap(), topic, "g-" + topic);
    }

    /** Stores a keyless stream API through node1's management API and reloads the whole cluster; one at a time. */
    private static synchronized String deploy(String id, String streamYaml) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", id).put("version", "1.0.0");
        doc.putObject("paths");
        ObjectNode ext = doc.putObject("x-tyk-api-gateway");
        ext.putObject("info").put("id", id).put("name", id).putObject("state").put("active", true);
        ext.putObject("server").putObject("listenPath").put("value", "/" + id + "/").put("strip", true);
        doc.putObject("x-tyk-streaming").putObject("streams").put("feed", streamYaml);
        GatewayNode first = nodes.getFirst();
        var created = first.admin("POST", "/tyk/apis/oas", JSON.writeValueAsString(doc));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(first.admin("GET", "/tyk/reload/group", null).statusCode()).isEqualTo(200);
        for (GatewayNode node : nodes) {
            Waits.until(node.name + " runs the stream of " + id, Duration.ofSeconds(30), () -> runsStream(node, id));
        }
        return id;
    }

    private static synchronized void undeploy(String id) {
        GatewayNode first = nodes.stream().filter(GatewayNode::alive).findFirst().orElseThrow();
        first.admin("DELETE", "/tyk/apis/oas/" + id, null);
        first.admin("GET", "/tyk/reload/group", null);
    }

    private static boolean runsStream(GatewayNode node, String apiId) {
        try {
            var r = node.admin("GET", "/tyk/streams/" + apiId, null);
            return r.statusCode() == 200 && JSON.readTree(r.body()).path("streams").path(0).path("running").asBoolean();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code perNode} consumers for each node, each through the load balancer's listener that prefers that node. */
    private static List<SseConsumer> consumers(String api, int perNode) {
        List<SseConsumer> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < perNode; k++) {
                out.add(new SseConsumer(nodes.get(i).name + (perNode > 1 ? "-" + (char) ('a' + k) : ""),
                        "http://127.0.0.1:" + lbPorts[i] + "/" + api + "/feed/sse"));
            }
        }
        Waits.until("every consumer is connected", Duration.ofSeconds(30), () -> out.stream().allMatch(SseConsumer::connected));
        return out;
    }

    private static void ensureThreeNodes() throws IOException {
        for (GatewayNode node : nodes) {
            if (!node.alive()) node.launch().awaitReady();
        }
        for (int i = 0; i < 3; i++) {
            int n = i;
            Waits.until(nodes.get(i).name + " is healthy behind the load balancer", Duration.ofSeconds(30), () -> lb.healthy(n));
        }
        Waits.until("/tyk/cluster lists three nodes", Duration.ofSeconds(30), () -> clusterNodes() == 3);
    }

    private static int clusterNodes() {
        try {
            JsonNode cluster = JSON.readTree(nodes.getFirst().admin("GET", "/tyk/cluster", null).body());
            return cluster.path("nodes").size();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void awaitComplete(List<SseConsumer> consumers, Set<Long> sent, Duration limit) {
        try {
            Waits.until("every consumer holds every message the source acknowledged", limit,
                    () -> consumers.stream().allMatch(c -> Tally.holdsAll(c, sent)));
        } catch (AssertionError e) {
            report("INCOMPLETE", sent, consumers, null, "");
            throw e;
        }
    }

    private static synchronized List<Tally> report(String scenario, Set<Long> sent, List<SseConsumer> consumers, Map<Long, Integer> partitionOf, String recovery) {
        List<Tally> tallies = consumers.stream().map(c -> Tally.of(c, sent, partitionOf)).toList();
        System.out.println("[cluster] " + scenario + ": sent=" + sent.size() + (recovery.isEmpty() ? "" : "; " + recovery));
        tallies.forEach(t -> System.out.println(t.line()));
        return tallies;
    }

    private static long firstAfter(SseConsumer c, long nanos) {
        return c.events.stream().mapToLong(SseConsumer.Event::atNanos).filter(t -> t > nanos).min().orElse(Long.MAX_VALUE);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String node(String data) {
        return field(data, JsonNode::asText, "node");
    }

    private static String uid(String data) {
        return field(data, JsonNode::asText, "uid");
    }

    private static <T> T field(String data, Function<JsonNode, T> as, String name) {
        try {
            return as.apply(JSON.readTree(data).path(name));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + data);
        }
    }
}
