package io.sluice.core.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A UDP socket of the test's own receives the StatsD lines of the process registry. */
class StatsdExporterTest {

    /** Lines received until {@code done} holds for them (bounded by a deadline). */
    private static List<String> receive(DatagramSocket socket, Predicate<List<String>> done) throws Exception {
        return receive(socket, done, 10_000);
    }

    private static List<String> receive(DatagramSocket socket, Predicate<List<String>> done, long waitMillis) throws Exception {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        byte[] buffer = new byte[65535];
        socket.setSoTimeout(50);
        while (!done.test(lines) && System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            for (String line : new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The exporter connects its UDP channel in the background and drops lines sent before that; a warm-up counter is
     * bumped until its line arrives, so the lines the test counts are all sent on a live channel.
     */
    private static void awaitConnected(DatagramSocket socket) throws Exception {
        Counter warmup = Counter.builder("statsd.warmup").register(ProcessMetrics.registry());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            warmup.increment();
            if (!receive(socket, l -> count(l, "statsd") > 0, 100).isEmpty()) {
                // Drop what else was in flight (bounded: gauges of other meters in the registry are sent on every poll).
                receive(socket, l -> false, 200);
                return;
            }
        }
        throw new AssertionError("the StatsD exporter never sent a line");
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void datadogLinesCarryTheLabelsAsTags() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            MeterRegistry statsd = StatsdExporter.start("127.0.0.1:" + socket.getLocalPort(), "datadog", Duration.ofMillis(20), Map.of("host", "edge-1"));
            try {
                awaitConnected(socket);
                Counter c = Counter.builder("statsd.test.orders").tag("region", "eu").register(ProcessMetrics.registry());
                Timer t = Timer.builder("statsd.test.latency").tag("region", "eu").register(ProcessMetrics.registry());
                c.increment();
                c.increment();
                c.increment();
                t.record(Duration.ofMillis(12));
                List<String> lines = receive(socket, l -> count(l, "statsd.test.orders:1|c") == 3 && count(l, "statsd.test.latency:") == 1);
                assertThat(lines).filteredOn(l -> l.startsWith("statsd.test.orders:"))
                        .containsExactly("statsd.test.orders:1|c|#statistic:count,host:edge-1,region:eu",
                                "statsd.test.orders:1|c|#statistic:count,host:edge-1,region:eu",
                                "statsd.test.orders:1|c|#statistic:count,host:edge-1,region:eu");
                assertThat(lines).filteredOn(l -> l.startsWith("statsd.test.latency:"))
                        .singleElement().satisfies(l -> assertThat(l).matches("statsd\\.test\\.latency:12(\\.0+)?\\|ms\\|#.*region:eu.*"));
            } finally {
                ProcessMetrics.detach(statsd);
                statsd.close();
            }
        }
    }

    @Test
    void influxLinesPutTheLabelsAfterTheName() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            MeterRegistry statsd = StatsdExporter.start("127.0.0.1:" + socket.getLocalPort(), "influxdb", Duration.ofMillis(20), Map.of());
            try {
                awaitConnected(socket);
                Counter.builder("statsd.influx.sent").tag("stream", "orders").register(ProcessMetrics.registry()).increment(5);
                List<String> lines = receive(socket, l -> count(l, "statsd_influx_sent") >= 1);
                assertThat(lines).filteredOn(l -> l.startsWith("statsd_influx_sent"))
                        .containsExactly("statsd_influx_sent,statistic=count,stream=orders:5|c");
            } finally {
                ProcessMetrics.detach(statsd);
                statsd.close();
            }
        }
    }
}
