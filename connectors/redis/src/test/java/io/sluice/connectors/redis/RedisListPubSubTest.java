package io.sluice.connectors.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.sluice.core.engine.Stream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.sluice.testkit.TestKit.await;
import static io.sluice.testkit.TestKit.failFirst;
import static io.sluice.testkit.TestKit.sink;
import static io.sluice.testkit.TestKit.source;
import static io.sluice.testkit.TestKit.startStream;
import static io.sluice.testkit.TestKit.texts;
import static io.sluice.testkit.TestKit.unique;
import static org.assertj.core.api.Assertions.assertThat;

class RedisListPubSubTest extends RedisTestBase {

    @Test
    void listRoundTripAndRejectedMessagesArePushedBack() throws Exception {
        String in = key("list"), out = key("list"), sink = unique("sink");
        redis.rpush(in, "one", "two");
        failFirst(sink, 1);
        Stream s = startStream("""
                input:
                  redis_list: { url: %s, key: %s, timeout: 200ms }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, in, sink));
        try {
            await("both", Duration.ofSeconds(10), () -> sink(sink).size() == 2);
            assertThat(texts(sink(sink))).containsExactlyInAnyOrder("one", "two"); // the rejected one is pushed back behind
            assertThat(redis.llen(in)).isZero();
        } finally {
            s.stop(Duration.ofSeconds(5));
        }

        String source = unique("src");
        Stream o = startStream("""
                input:
                  test_source: { name: %s }
                output:
                  redis_list: { url: %s, key: %s, command: lpush }
                """.formatted(source, URL, out));
        try {
            source(source).add("x");
            source(source).add("y");
            await("pushed", Duration.ofSeconds(10), () -> redis.llen(out) == 2);
            assertThat(redis.lrange(out, 0, -1)).containsExactlyInAnyOrder("y", "x"); // two writes may run concurrently
        } finally {
            o.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void listInputSurvivesClientKill() throws Exception {
        String list = key("list"), sink = unique("sink");
        Stream s = startStream("""
                input:
                  redis_list: { url: %s, key: %s, timeout: 1s }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, list, sink));
        try {
            redis.rpush(list, "before");
            await("first", Duration.ofSeconds(10), () -> sink(sink).size() == 1);
            assertThat(killClients(s.name())).isPositive();
            redis.rpush(list, "after");
            await("after CLIENT KILL", Duration.ofSeconds(15), () -> texts(sink(sink)).contains("after"));
        } finally {
            s.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void pubSubInputResubscribesAndOutputReconnectsAfterClientKill() throws Exception {
        String channel = unique("chan"), sink = unique("sink"), source = unique("src");
        Stream in = startStream("""
                input:
                  redis_pubsub: { url: %s, channels: [ %s ] }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, channel, sink));
        Stream out = startStream("""
                input:
                  test_source: { name: %s }
                output:
                  redis_pubsub: { url: %s, channel: %s }
                """.formatted(source, URL, channel));
        try {
            await("first", Duration.ofSeconds(10), () -> {
                source(source).add("one");
                sleep(100);
                return texts(sink(sink)).contains("one");
            });
            assertThat(killClients(in.name()) + killClients(out.name())).isGreaterThanOrEqualTo(2);
            await("after CLIENT KILL", Duration.ofSeconds(15), () -> {
                source(source).add("two");
                sleep(200);
                return texts(sink(sink)).contains("two");
            });
        } finally {
            in.stop(Duration.ofSeconds(5));
            out.stop(Duration.ofSeconds(5));
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void pubSubInAndOut() throws Exception {
        String channel = unique("chan"), sink = unique("sink"), source = unique("src");
        Stream in = startStream("""
                input:
                  redis_pubsub: { url: %s, channels: [ "%s.*" ], use_patterns: true }
                output:
                  test_sink: { name: %s }
                """.formatted(URL, channel, sink));
        Stream out = startStream("""
                input:
                  test_source: { name: %s }
                output:
                  redis_pubsub: { url: %s, channel: %s.a }
                """.formatted(source, URL, channel));
        StatefulRedisPubSubConnection<String, String> watcher = client.connectPubSub();
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        watcher.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                seen.add(message);
            }
        });
        watcher.sync().subscribe(channel + ".a");
        try {
            // The input subscribes asynchronously: publish until it hears one, then check a fresh message.
            await("subscription", Duration.ofSeconds(10), () -> {
                redis.publish(channel + ".probe", "__probe__");
                return texts(sink(sink)).contains("__probe__");
            });
            source(source).add("via-output");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("via-output");
            await("message through both", Duration.ofSeconds(10), () -> texts(sink(sink)).contains("via-output"));
        } finally {
            watcher.close();
            in.stop(Duration.ofSeconds(5));
            out.stop(Duration.ofSeconds(5));
        }
    }
}
