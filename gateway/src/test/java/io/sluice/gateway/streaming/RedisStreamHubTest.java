package io.sluice.gateway.streaming;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.sluice.gateway.streaming.hub.HubMessage;
import io.sluice.gateway.streaming.hub.HubSettings;
import io.sluice.gateway.streaming.hub.RedisStreamHubs;
import io.sluice.gateway.streaming.hub.SlowConsumerPolicy;
import io.sluice.gateway.streaming.hub.StreamHub;
import io.sluice.gateway.streaming.hub.Subscription;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.RedisRequirement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis Streams hub against the machine's Redis, with two "nodes" (two clients, two hub sets) on one stream key:
 * what one publishes every subscriber of both receives with the same ids; resuming on the other node continues after
 * the id; duplicates by source position are dropped; the fence refuses a stale lease holder.
 */
class RedisStreamHubTest {

    private static final HubSettings SETTINGS = HubSettings.broadcast(1024, SlowConsumerPolicy.DROP_OLDEST, 256);
    private static final Runnable NOOP = () -> { };

    private final String prefix = "test-hub-" + UUID.randomUUID() + ":";
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<RedisStreamHubs> nodes = new ArrayList<>();
    private final List<StreamHub> hubs = new ArrayList<>();

    @BeforeEach
    void redis() {
        RedisRequirement.check();
    }

    @AfterEach
    void close() {
        hubs.forEach(StreamHub::close);
        nodes.forEach(RedisStreamHubs::close);
        RedisClient c = client();
        try (var conn = c.connect()) {
            List<String> keys = conn.sync().keys(prefix + "*");
            if (!keys.isEmpty()) conn.sync().del(keys.toArray(String[]::new));
        }
        c.shutdown();
        clients.forEach(RedisClient::shutdown);
    }

    private RedisClient client() {
        RedisClient c = RedisClient.create(RedisURI.create(RedisRequirement.HOST, RedisRequirement.PORT));
        c.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return c;
    }

    private RedisStreamHubs node() {
        RedisClient c = client();
        clients.add(c);
        RedisStreamHubs n = new RedisStreamHubs(c, prefix, Duration.ofSeconds(5));
        nodes.add(n);
        return n;
    }

    private StreamHub hub(RedisStreamHubs node, RedisStreamHubs.Fence fence) {
        StreamHub h = node.factory(1000, fence).create("api/feed", "output", SETTINGS);
        hubs.add(h);
        return h;
    }

    private static List<HubMessage.Draft> texts(String... texts) {
        List<HubMessage.Draft> out = new ArrayList<>();
        for (String t : texts) out.add(HubMessage.Draft.of(t));
        return out;
    }

    private static HubMessage.Draft fromKafka(String text, long offset) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kafka_topic", "orders");
        meta.put("kafka_partition", "2");
        meta.put("kafka_offset", Long.toString(offset));
        return new HubMessage.Draft(text.getBytes(), meta, null);
    }

    /** Polls until {@code n} messages arrived (bounded). */
    private static List<HubMessage> take(Subscription sub, int n) {
        List<HubMessage> got = new ArrayList<>();
        Eventually.within(Duration.ofSeconds(10), () -> {
            got.addAll(sub.poll(100));
            return got.size() >= n;
        });
        return got;
    }

    @Test
    void everySubscriberOfEveryNodeGetsEveryMessageWithTheSameIds() throws Exception {
        StreamHub a = hub(node(), null);
        StreamHub b = hub(node(), null);
        Subscription onA = a.subscribe(null, NOOP);
        Subscription onB = b.subscribe(null, NOOP);

        a.publish(texts("one", "two"));
        b.publish(texts("three"));

        List<HubMessage> gotA = take(onA, 3);
        List<HubMessage> gotB = take(onB, 3);
        assertThat(gotA).extracting(HubMessage::text).containsExactly("one", "two", "three");
        assertThat(gotB).extracting(HubMessage::id).isEqualTo(gotA.stream().map(HubMessage::id).toList());
        assertThat(gotA.get(1).id()).isEqualTo(gotA.get(0).id() + 1);
        assertThat(gotA.get(0).batchSize()).isEqualTo(2);
        assertThat(gotA.get(1).batchFirstId()).isEqualTo(gotA.get(0).id());
    }

    @Test
    void aConsumerResumesOnAnotherNodeRightAfterItsLastId() throws Exception {
        StreamHub a = hub(node(), null);
        StreamHub b = hub(node(), null);
        Subscription onA = a.subscribe(null, NOOP);
        for (int i = 1; i <= 5; i++) a.publish(texts("m" + i));
        List<HubMessage> firstThree = take(onA, 3).subList(0, 3);
        long lastSeen = firstThree.getLast().id();

        Subscription moved = b.subscribe(lastSeen, NOOP);
        a.publish(texts("m6"));
        assertThat(take(moved, 3)).extracting(HubMessage::text).containsExactly("m4", "m5", "m6");
    }

    @Test
    void aNodeThatStartsLaterReplaysWhatRedisKept() throws Exception {
        StreamHub a = hub(node(), null);
        long last = a.publish(texts("early-1", "early-2", "early-3"));

        StreamHub late = hub(node(), null);
        assertThat(late.lastId()).isEqualTo(last);
        assertThat(take(late.subscribe(last - 2, NOOP), 2)).extracting(HubMessage::text).containsExactly("early-2", "early-3");
    }

    @Test
    void aResumeIdAheadOfThisNodeWaitsForWhatFollowsInsteadOfReplaying() throws Exception {
        StreamHub a = hub(node(), null);
        long ahead = a.publish(texts("x1", "x2")) + 1; // delivered elsewhere, not yet read here
        Subscription sub = a.subscribe(ahead, NOOP);
        a.publish(texts("x3", "x4"));
        assertThat(take(sub, 1)).extracting(HubMessage::text).containsExactly("x4");
    }

    @Test
    void aMessageFromTheSameSourcePositionIsAppendedOnce() throws Exception {
        StreamHub a = hub(node(), null);
        StreamHub b = hub(node(), null);
        Subscription sub = a.subscribe(null, NOOP);
        a.publish(List.of(fromKafka("o1", 10), fromKafka("o2", 11)));
        // A rebalance: the node that took the partition over reads from the last commit again.
        b.publish(List.of(fromKafka("o1", 10), fromKafka("o2", 11), fromKafka("o3", 12)));
        a.publish(List.of(fromKafka("o3", 12)));
        b.publish(List.of(fromKafka("o4", 13)));

        // A marker from a new position ends the check: the hub keeps order, so a duplicate would have come before it.
        b.publish(List.of(fromKafka("end", 14)));
        List<HubMessage> got = take(sub, 5);
        assertThat(got).extracting(HubMessage::text).containsExactly("o1", "o2", "o3", "o4", "end");
        assertThat(got.get(2).batchSize()).isEqualTo(1);
    }

    @Test
    void aNodeThatNoLongerHoldsTheLeaseCannotAppend() throws Exception {
        String lease = prefix + "lease";
        RedisClient c = client();
        clients.add(c);
        try (var redis = c.connect()) {
            redis.sync().set(lease, "node-b/8");
            StreamHub stale = hub(node(), fence(lease, "node-a/7"));
            StreamHub holder = hub(node(), fence(lease, "node-b/8"));
            assertThatThrownBy(() -> stale.publish(texts("late"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not hold the lease");
            holder.publish(texts("fresh"));
            Subscription sub = stale.subscribe(0L, NOOP);
            assertThat(take(sub, 1)).extracting(HubMessage::text).containsExactly("fresh");
        }
    }

    private static RedisStreamHubs.Fence fence(String key, String token) {
        return new RedisStreamHubs.Fence() {
            @Override public String key() { return key; }
            @Override public String token() { return token; }
        };
    }

    @Test
    void suspendedNodesEndTheirConsumersAsUnavailableAndRefuseNewOnesUntilResumed() throws Exception {
        RedisStreamHubs node = node();
        StreamHub a = hub(node, null);
        Subscription before = a.subscribe(null, NOOP);
        node.suspendAll("lost Redis");
        assertThat(before.closeReason()).isEqualTo("lost Redis");
        assertThat(before.unavailable()).isTrue();
        Subscription during = a.subscribe(null, NOOP);
        assertThat(during.unavailable()).isTrue();
        node.resumeAll();
        Subscription after = a.subscribe(null, NOOP);
        a.publish(texts("back"));
        assertThat(take(after, 1)).extracting(HubMessage::text).containsExactly("back");
    }
}
