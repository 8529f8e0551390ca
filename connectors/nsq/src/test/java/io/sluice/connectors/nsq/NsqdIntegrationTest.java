package io.sluice.connectors.nsq;

import io.sluice.core.engine.Stream;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.sluice.testkit.TestKit.await;
import static io.sluice.testkit.TestKit.failFirst;
import static io.sluice.testkit.TestKit.sink;
import static io.sluice.testkit.TestKit.source;
import static io.sluice.testkit.TestKit.startStream;
import static io.sluice.testkit.TestKit.texts;
import static io.sluice.testkit.TestKit.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code nsq} input and output against a real nsqd (see {@link NsqdProcess}). Tagged {@code nsqd}
 * and left out of the default build because no nsqd can be installed on the project's machines;
 * run with {@code mvn -pl connectors/nsq test -Dnsq.excluded.groups= -Dnsqd.bin=/path/to/nsqd}.
 */
@Tag("nsqd")
class NsqdIntegrationTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static void httpPub(NsqdProcess nsqd, String topic, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + nsqd.httpAddress() + "/pub?topic=" + topic))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void roundTripWithMetadataFinAndRequeue() throws Exception {
        try (NsqdProcess nsqd = NsqdProcess.nsqd(null)) {
            String topic = unique("t"), sink = unique("sink"), source = unique("src");
            failFirst(sink, 1);
            Stream in = startStream("""
                    input:
                      nsq: { nsqd_tcp_addresses: [ %s ], topic: %s, channel: c, requeue_delay: 0s }
                    output:
                      test_sink: { name: %s }
                    """.formatted(nsqd.tcpAddress(), topic, sink));
            Stream out = startStream("""
                    input:
                      test_source: { name: %s }
                    output:
                      nsq: { nsqd_tcp_address: %s, topic: %s }
                    """.formatted(source, nsqd.tcpAddress(), topic));
            try {
                source(source).add("hello");
                await("requeued and delivered", Duration.ofSeconds(15), () -> sink(sink).size() == 1);
                Part p = sink(sink).get(0);
                assertThat(p.text()).isEqualTo("hello");
                assertThat(p.metaString("nsq_attempts")).isEqualTo("2");
                assertThat(p.metaString("nsq_id")).hasSize(16);
                assertThat(p.metaString("nsq_nsqd_address")).isEqualTo(nsqd.tcpAddress());
                assertThat(Long.parseLong(p.metaString("nsq_timestamp"))).isPositive();
                httpPub(nsqd, topic, "via-http");
                await("second", Duration.ofSeconds(10), () -> texts(sink(sink)).contains("via-http"));
            } finally {
                in.stop(Duration.ofSeconds(5));
                out.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void discoversNsqdThroughLookupd() throws Exception {
        try (NsqdProcess lookupd = NsqdProcess.nsqlookupd(); NsqdProcess nsqd = NsqdProcess.nsqd("127.0.0.1:" + lookupd.tcpPort)) {
            String topic = unique("t"), sink = unique("sink");
            httpPub(nsqd, topic, "first"); // registers the topic with nsqlookupd
            Stream in = startStream("""
                    input:
                      nsq: { lookupd_http_addresses: [ %s ], topic: %s, channel: c }
                    output:
                      test_sink: { name: %s }
                    """.formatted(lookupd.httpAddress(), topic, sink));
            try {
                await("message found through nsqlookupd", Duration.ofSeconds(20), () -> texts(sink(sink)).contains("first"));
            } finally {
                in.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void inputReconnectsAfterNsqdRestart() throws Exception {
        try (NsqdProcess nsqd = NsqdProcess.nsqd(null)) {
            String topic = unique("t"), sink = unique("sink");
            Stream in = startStream("""
                    input:
                      nsq: { nsqd_tcp_addresses: [ %s ], topic: %s, channel: c }
                    output:
                      test_sink: { name: %s }
                    """.formatted(nsqd.tcpAddress(), topic, sink));
            try {
                httpPub(nsqd, topic, "before");
                await("before", Duration.ofSeconds(10), () -> sink(sink).size() == 1);
                nsqd.stop();
                nsqd.start();
                httpPub(nsqd, topic, "after");
                await("after restart", Duration.ofSeconds(20), () -> texts(sink(sink)).contains("after"));
            } finally {
                in.stop(Duration.ofSeconds(5));
            }
        }
    }
}
