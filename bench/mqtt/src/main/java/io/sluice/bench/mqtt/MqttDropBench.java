package io.sluice.bench.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MQTT → drop throughput of a Sluice stream against a plain Paho consumer, in one run, on loopback.
 *
 * <p>Only the consumer side is measured. For each run the benchmark creates a persistent session
 * (QoS 1 subscription), disconnects it, preloads N messages into the broker's queue for that
 * session, then starts the consumer and times how long it takes to receive (and acknowledge) all N.
 * The broker is a Mosquitto this program starts on a free port with an unbounded per-client queue,
 * so preloading loses nothing; everything else is Mosquitto's default (e.g. 20 in-flight QoS 1
 * messages per MQTT 3.1.1 client). Paho acknowledges when its callback returns; Sluice acknowledges
 * after the drop output accepted the message, as its at-least-once contract requires.
 */
public final class MqttDropBench {
    private static final int WARMUP = 5_000;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) payload[i] = (byte) ('a' + i % 26);

        try (Broker broker = Broker.start()) {
            System.out.printf(Locale.ROOT, "Mosquitto on 127.0.0.1:%d; %d messages of %d bytes at QoS 1; %d cores; Java %s%n",
                    broker.port, n, size, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            ComponentRegistry registry = registry();
            // Warm up both paths (JIT, class loading) before measuring.
            paho(broker.port, WARMUP, payload);
            sluice(registry, broker.port, WARMUP, payload, "3.1.1");

            List<Double> pahoRates = new ArrayList<>();
            List<Double> sluice311 = new ArrayList<>();
            List<Double> sluice5 = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                pahoRates.add(report("paho (MQTT 3.1.1, auto ack)", n, paho(broker.port, n, payload)));
                sluice311.add(report("sluice mqtt → drop (MQTT 3.1.1)", n, sluice(registry, broker.port, n, payload, "3.1.1")));
                sluice5.add(report("sluice mqtt → drop (MQTT 5)", n, sluice(registry, broker.port, n, payload, "5")));
            }
            double paho = best(pahoRates);
            System.out.printf(Locale.ROOT, "%nbest of 2: paho %.0f msg/s; sluice 3.1.1 %.0f msg/s (%.2fx paho); sluice 5 %.0f msg/s (%.2fx paho)%n",
                    paho, best(sluice311), best(sluice311) / paho, best(sluice5), best(sluice5) / paho);
        }
        System.exit(0);
    }

    private static double best(List<Double> rates) {
        return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static double report(String what, int n, Duration took) {
        double rate = n / (took.toNanos() / 1e9);
        System.out.printf(Locale.ROOT, "%-34s %8d msgs in %7.3f s = %9.0f msg/s%n", what, n, took.toNanos() / 1e9, rate);
        return rate;
    }

    /** The registry the CLI would use, plus a counting-free {@code drop} output if no module provides one yet. */
    private static ComponentRegistry registry() {
        ComponentRegistry r = ComponentRegistry.load();
        if (r.find(ComponentKind.OUTPUT, "drop").isEmpty()) {
            r.register(ComponentSpec.output("drop").summary("Drops all messages (benchmark stand-in)."),
                    (conf, ctx) -> (Output) batch -> { });
        }
        return r;
    }

    // ---- the two consumers ----

    static Duration paho(int port, int n, byte[] payload) throws Exception {
        String clientId = "paho-" + UUID.randomUUID();
        String topic = "bench/" + clientId;
        prepareSession(port, clientId, topic, false);
        preload(port, topic, n, payload);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger count = new AtomicInteger();
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String t, MqttMessage m) {
                if (count.incrementAndGet() == n) done.countDown();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        long start = System.nanoTime();
        c.connect(o);
        if (!done.await(5, TimeUnit.MINUTES)) throw new IllegalStateException("paho received only " + count.get());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        c.disconnect();
        c.close();
        return took;
    }

    static Duration sluice(ComponentRegistry registry, int port, int n, byte[] payload, String version) throws Exception {
        String clientId = "sluice-" + UUID.randomUUID();
        String topic = "bench/" + clientId;
        prepareSession(port, clientId, topic, version.equals("5"));
        preload(port, topic, n, payload);
        String yaml = """
                input:
                  mqtt:
                    urls: [ "tcp://127.0.0.1:%d" ]
                    client_id: %s
                    clean_session: false
                    topics: [ "%s" ]
                    qos: 1
                    protocol_version: "%s"
                output:
                  drop: {}
                """.formatted(port, clientId, topic, version);
        Stream s = new StreamBuilder(registry).build("bench", ConfigLoader.parseRaw(yaml, "bench.yaml"));
        long start = System.nanoTime();
        s.start();
        long deadline = start + TimeUnit.MINUTES.toNanos(5);
        while (s.metrics().get("output_sent") < n) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("sluice delivered only " + s.metrics().get("output_sent"));
            Thread.sleep(1);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        s.stop(Duration.ofSeconds(10));
        return took;
    }

    // ---- setup ----

    /** Creates the persistent session with its QoS 1 subscription, then leaves. */
    private static void prepareSession(int port, String clientId, String topic, boolean mqtt5) {
        if (mqtt5) {
            Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port).buildBlocking();
            c.connectWith().cleanStart(false).sessionExpiryInterval(0xFFFF_FFFFL).send();
            c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            c.disconnect();
        } else {
            var c = Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port).buildBlocking();
            c.connectWith().cleanSession(false).send();
            c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            c.disconnect();
        }
    }

    /** Publishes n QoS 1 messages (up to 1000 unacknowledged) and waits for every PUBACK. */
    private static void preload(int port, String topic, int n, byte[] payload) throws Exception {
        Mqtt3AsyncClient p = Mqtt3Client.builder().identifier("loader-" + UUID.randomUUID()).serverHost("127.0.0.1").serverPort(port).buildAsync();
        p.connect().get(10, TimeUnit.SECONDS);
        Semaphore window = new Semaphore(1000);
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            window.acquire();
            all[i] = p.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .whenComplete((r, e) -> window.release());
        }
        CompletableFuture.allOf(all).get(5, TimeUnit.MINUTES);
        p.disconnect().get(10, TimeUnit.SECONDS);
    }

    /** A Mosquitto of our own: unbounded queues so the preload is kept whole, nothing persisted. */
    static final class Broker implements AutoCloseable {
        final int port;
        final Process process;
        final Path dir;

        private Broker(int port, Process process, Path dir) {
            this.port = port;
            this.process = process;
            this.dir = dir;
        }

        static Broker start() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("sluice-bench-mqtt");
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, """
                    persistence false
                    allow_anonymous true
                    max_queued_messages 0
                    log_dest none
                    listener %d 127.0.0.1
                    """.formatted(port));
            String exe = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
            Process p = new ProcessBuilder(exe, "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile()).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end && p.isAlive()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new Broker(port, p, dir);
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            p.destroy();
            throw new IllegalStateException("mosquitto did not start: " + Files.readString(dir.resolve("out.log")));
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
