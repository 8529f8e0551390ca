package io.sluice.connectors.redis;

import io.sluice.core.component.Cache;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentKind;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.sluice.testkit.TestKit.build;
import static io.sluice.testkit.TestKit.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code kind: cluster} and {@code kind: failover} against private redis-server processes. */
class RedisTopologyTest {

    @Test
    void clusterKindSpreadsKeysAndReadsStreams() throws Exception {
        try (RedisServers servers = new RedisServers()) {
            List<Integer> ports = servers.startCluster();
            String url = "redis://127.0.0.1:" + ports.get(0) + ",redis://127.0.0.1:" + ports.get(1);
            Cache cache = (Cache) build(ComponentKind.CACHE, "redis", "url: %s\nkind: cluster\n".formatted(url));
            Output list = (Output) build(ComponentKind.OUTPUT, "redis_list", "url: %s\nkind: cluster\nkey: %s\n".formatted(url, unique("l")));
            String stream = unique("s");
            Output xadd = (Output) build(ComponentKind.OUTPUT, "redis_streams", "url: %s\nkind: cluster\nstream: %s\n".formatted(url, stream));
            Input xread = (Input) build(ComponentKind.INPUT, "redis_streams", "url: %s\nkind: cluster\nstreams: [ %s ]\nconsumer_group: g\n".formatted(url, stream));
            try {
                for (int i = 0; i < 20; i++) cache.set("k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), null); // many slots, so all nodes
                for (int i = 0; i < 20; i++) assertThat(new String(cache.get("k" + i).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("v" + i);
                list.write(Batch.ofTexts("a", "b"));
                xadd.write(Batch.ofTexts("entry"));
                xread.connect();
                Transaction tx = xread.read();
                assertThat(tx.batch().get(0).text()).isEqualTo("entry");
                tx.ack();
            } finally {
                cache.close();
                list.close();
                xadd.close();
                xread.close();
            }
        }
    }

    @Test
    void tlsWithRootCaAndClientCertificate() throws Exception {
        try (RedisServers servers = new RedisServers()) {
            servers.certificates();
            int port = servers.startTls();
            var d = servers.dir();
            Cache cache = (Cache) build(ComponentKind.CACHE, "redis", """
                    url: redis://127.0.0.1:%d
                    tls:
                      enabled: true
                      root_cas_file: %s
                      client_certs:
                        - cert_file: %s
                          key_file: %s
                    """.formatted(port, d.resolve("ca.pem"), d.resolve("client.pem"), d.resolve("client-key.pem")));
            try {
                cache.set("t", "secure".getBytes(StandardCharsets.UTF_8), null);
                assertThat(new String(cache.get("t").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("secure");
            } finally {
                cache.close();
            }
            Input plain = (Input) build(ComponentKind.INPUT, "redis_list", "url: redis://127.0.0.1:%d\nkey: k\n".formatted(port));
            Assertions.assertThatThrownBy(plain::connect).hasMessageContaining("'url'");
            plain.close();
        }
    }

    @Test
    void failoverKindFindsTheMasterThroughSentinel() throws Exception {
        try (RedisServers servers = new RedisServers()) {
            int master = servers.start();
            int sentinel = servers.startSentinel(master);
            Cache cache = (Cache) build(ComponentKind.CACHE, "redis", "url: redis://127.0.0.1:%d\nkind: failover\nmaster: mymaster\n".formatted(sentinel));
            try {
                cache.set("x", "1".getBytes(StandardCharsets.UTF_8), null);
                assertThat(cache.get("x")).isPresent();
            } finally {
                cache.close();
            }
            // the value really is on the master the sentinel monitors
            Process get = new ProcessBuilder("redis-cli", "-p", Integer.toString(master), "get", "x").start();
            assertThat(new String(get.getInputStream().readAllBytes()).trim()).isEqualTo("1");
        }
    }
}
