package io.sluice.connectors.redis;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sluice.testkit.TestKit.await;
import static io.sluice.testkit.TestKit.build;
import static io.sluice.testkit.TestKit.failFirst;
import static io.sluice.testkit.TestKit.freePort;
import static io.sluice.testkit.TestKit.sink;
import static io.sluice.testkit.TestKit.source;
import static io.sluice.testkit.TestKit.startStream;
import static io.sluice.testkit.TestKit.texts;
import static io.sluice.testkit.TestKit.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisStreamsTest extends RedisTestBase {

    static long pending(String stream, String group) {
        return redis.xpending(stream, group).getCount();
    }

    @Test
    void roundTripWithMetadataAndAckAfterDelivery() throws Exception {
        String stream = key("stream"), sink = unique("sink");
        redis.xadd(stream, Map.of("body", "hello", "origin", "test"));
        redis.xadd(stream, Map.of("body", "world"));
        Stream s = startStream("""
                input:
                  redis_streams:
                    url: %s
                    streams: [ %s ]
                    consumer_group: g
                    client_id: c1
                    commit_period: 100ms
                output:
                  test_sink: { name: %s }
                """.formatted(URL, stream, sink));
        try {
            await("2 entries", Duration.ofSeconds(10), () -> sink(sink).size() == 2);
            assertThat(texts(sink(sink))).containsExactlyInAnyOrder("hello", "world"); // two pipeline threads may reorder
            Part first = sink(sink).stream().filter(p -> p.text().equals("hello")).findFirst().orElseThrow();
            assertThat(first.metaString("origin")).isEqualTo("test");
            assertThat(first.metaString("redis_stream")).matches("\\d+-\\d+");
            await("acknowledged", Duration.ofSeconds(5), () -> pending(stream, "g") == 0);
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void rejectedEntryStaysPendingAndIsRedelivered() throws Exception {
        String stream = key("stream"), sink = unique("sink");
        redis.xadd(stream, Map.of("body", "retry"));
        failFirst(sink, 3);
        Stream s = startStream("""
                input:
                  redis_streams: { url: %s, streams: [ %s ], consumer_group: g, commit_period: 50ms }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, stream, sink));
        try {
            await("redelivered entry", Duration.ofSeconds(10), () -> sink(sink).size() == 1);
            assertThat(sink(sink).get(0).text()).isEqualTo("retry");
            await("acknowledged", Duration.ofSeconds(5), () -> pending(stream, "g") == 0);
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void unacknowledgedEntriesAreReadAgainAfterARestart() throws Exception {
        String stream = key("stream");
        redis.xadd(stream, Map.of("body", "once"));
        String yaml = "url: %s\nstreams: [ %s ]\nconsumer_group: g\nclient_id: worker\n".formatted(URL, stream);
        Input first = (Input) build(ComponentKind.INPUT, "redis_streams", yaml);
        first.connect();
        Transaction tx = first.read();
        assertThat(tx.batch().get(0).text()).isEqualTo("once");
        first.close(); // "crash": never acknowledged
        assertThat(pending(stream, "g")).isEqualTo(1);

        Input second = (Input) build(ComponentKind.INPUT, "redis_streams", yaml);
        try {
            second.connect();
            Transaction again = second.read();
            assertThat(again.batch().get(0).text()).isEqualTo("once");
            again.ack();
        } finally {
            second.close(); // sends the pending acknowledgement
        }
        assertThat(pending(stream, "g")).isZero();
    }

    @Test
    void entriesOfADeadConsumerAreClaimed() throws Exception {
        String stream = key("stream");
        redis.xadd(stream, Map.of("body", "orphan"));
        Input dead = (Input) build(ComponentKind.INPUT, "redis_streams", "url: %s\nstreams: [ %s ]\nconsumer_group: g\nclient_id: dead\n".formatted(URL, stream));
        dead.connect();
        assertThat(dead.read().batch().get(0).text()).isEqualTo("orphan");
        dead.close(); // never acknowledged, and "dead" never comes back

        Input rescuer = (Input) build(ComponentKind.INPUT, "redis_streams", """
                url: %s
                streams: [ %s ]
                consumer_group: g
                client_id: rescuer
                timeout: 100ms
                autoclaim: { after: 200ms, every: 100ms }
                """.formatted(URL, stream));
        try {
            rescuer.connect();
            Transaction tx = rescuer.read();
            assertThat(tx.batch().get(0).text()).isEqualTo("orphan");
            tx.ack();
        } finally {
            rescuer.close();
        }
        assertThat(pending(stream, "g")).isZero();
    }

    @Test
    void readingContinuesAfterTheConnectionIsKilled() throws Exception {
        String stream = key("stream"), sink = unique("sink");
        Stream s = startStream("""
                input:
                  redis_streams: { url: %s, streams: [ %s ], consumer_group: g, client_id: k, commit_period: 50ms }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, stream, sink));
        try {
            redis.xadd(stream, Map.of("body", "a"));
            await("first", Duration.ofSeconds(10), () -> sink(sink).size() == 1);
            assertThat(killClients(s.name())).isPositive();
            redis.xadd(stream, Map.of("body", "b"));
            await("after CLIENT KILL", Duration.ofSeconds(15), () -> texts(sink(sink)).contains("b"));
            await("acknowledged", Duration.ofSeconds(5), () -> pending(stream, "g") == 0);
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void outputAddsBodyAndMetadataFields() throws Exception {
        String stream = key("stream"), source = unique("src");
        Stream s = startStream("""
                input:
                  test_source: { name: %s }
                output:
                  redis_streams:
                    url: %s
                    stream: %s
                    body_key: payload
                    max_length: 1000
                    metadata: { exclude_prefixes: [ secret_ ] }
                """.formatted(source, URL, stream));
        try {
            source(source).add("kind=order,secret_token=x|{\"id\":1}");
            await("entry", Duration.ofSeconds(10), () -> redis.xlen(stream) == 1);
            List<StreamMessage<String, String>> all = redis.xrange(stream, Range.create("-", "+"));
            assertThat(all.get(0).getBody()).containsEntry("payload", "{\"id\":1}").containsEntry("kind", "order").doesNotContainKey("secret_token");
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void missingStreamWithoutCreateNamesTheField() throws Exception {
        String stream = key("absent");
        Input in = (Input) build(ComponentKind.INPUT, "redis_streams",
                "url: %s\nstreams: [ %s ]\nconsumer_group: g\ncreate_streams: false\n".formatted(URL, stream));
        assertThatThrownBy(in::connect).hasMessageContaining("'streams'").hasMessageContaining(stream);
        in.close();
    }

    @Test
    void unreachableServerAndBadPasswordNameTheUrlField() throws Exception {
        int port = freePort();
        Input down = (Input) build(ComponentKind.INPUT, "redis_list", "url: redis://127.0.0.1:%d\nkey: k\n".formatted(port));
        assertThatThrownBy(down::connect).hasMessageContaining("'url'").hasMessageContaining("127.0.0.1:" + port);
        down.close();

        Input badAuth = (Input) build(ComponentKind.INPUT, "redis_list", "url: redis://nobody:wrong@127.0.0.1:6379\nkey: k\n");
        assertThatThrownBy(badAuth::connect).hasMessageContaining("url").hasMessageContaining("***").hasMessageNotContaining("wrong");
        badAuth.close();
    }

    static XReadArgs.StreamOffset<String> from(String s) {
        return XReadArgs.StreamOffset.from(s, "0");
    }
}
