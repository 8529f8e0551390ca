package io.sluice.bench.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.message.Batch;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * NATS → drop throughput of a Sluice stream against a plain jnats subscriber, in the same run, on
 * loopback. Each trial publishes {@code count} messages of {@code size} bytes to a fresh subject as
 * fast as jnats allows and times from the first publish to the last message consumed. Bounded: a
 * fixed message count, a fixed number of trials, and a 60 s cap per trial.
 *
 * <p>Usage: {@code NatsDropBench [url] [count] [size] [trials]} (defaults nats://127.0.0.1:4222 100000 100 3).
 */
public final class NatsDropBench {

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "nats://127.0.0.1:4222";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int trials = args.length > 3 ? Integer.parseInt(args[3]) : 3;

        ComponentRegistry registry = ComponentRegistry.load();
        if (registry.find(ComponentKind.OUTPUT, "drop").isEmpty()) {
            // The components module owns `drop`; stand in for it while it is not on the class path.
            registry.register(ComponentSpec.output("drop").summary("Drops all messages.").fields(), (conf, ctx) -> new Output() {
                @Override
                public void write(Batch batch) {
                }
            });
        }
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');

        System.out.printf(Locale.ROOT, "nats -> drop, %d messages of %d bytes, %d trials, server %s, %d cores%n",
                count, size, trials, url, Runtime.getRuntime().availableProcessors());
        // Warm-up of both paths (JIT), not reported.
        plain(url, Math.min(count, 20_000), payload);
        sluice(registry, url, Math.min(count, 20_000), payload);

        List<Double> plainRates = new ArrayList<>(), sluiceRates = new ArrayList<>(), inputRates = new ArrayList<>(), ratios = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            double p = plain(url, count, payload);
            double s = sluice(registry, url, count, payload);
            double i = inputOnly(registry, url, count, payload);
            plainRates.add(p);
            sluiceRates.add(s);
            inputRates.add(i);
            ratios.add(s / p);
            System.out.printf(Locale.ROOT, "trial %d: plain jnats %,.0f msg/s, sluice stream %,.0f msg/s (ratio %.2f), nats input alone %,.0f msg/s%n",
                    t + 1, p, s, s / p, i);
        }
        double pm = median(plainRates), sm = median(sluiceRates), im = median(inputRates);
        System.out.printf(Locale.ROOT, "median: plain jnats %,.0f msg/s, sluice stream %,.0f msg/s, median of per-trial ratios %.2f; nats input alone (read + ack, no engine) %,.0f msg/s%n",
                pm, sm, median(ratios), im);
        System.out.printf(Locale.ROOT, "load average when done: %.2f (a busy machine makes these figures noisy)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double median(List<Double> l) {
        List<Double> c = new ArrayList<>(l);
        Collections.sort(c);
        return c.get(c.size() / 2);
    }

    private static Connection publisher(String url) throws Exception {
        return Nats.connect(new Options.Builder().server(url).maxMessagesInOutgoingQueue(1_000_000).build());
    }

    /** A jnats synchronous subscription drained by one thread: the floor any NATS consumer pays. */
    static double plain(String url, int count, byte[] payload) throws Exception {
        String subject = "bench.plain." + UUID.randomUUID();
        try (Connection sub = Nats.connect(url); Connection pub = publisher(url)) {
            Subscription s = sub.subscribe(subject);
            s.setPendingLimits(-1, -1);
            sub.flush(Duration.ofSeconds(5));
            long start = System.nanoTime();
            Thread publisher = Thread.ofPlatform().start(() -> publishAll(pub, subject, count, payload));
            int got = 0;
            long deadline = start + 60_000_000_000L;
            while (got < count && System.nanoTime() < deadline) {
                if (s.nextMessage(Duration.ofMillis(500)) != null) got++;
            }
            long elapsed = System.nanoTime() - start;
            publisher.join();
            if (got < count) throw new IllegalStateException("plain subscriber received " + got + "/" + count);
            return count / (elapsed / 1e9);
        }
    }

    /** A Sluice stream: nats input → (no processors) → drop, counted by the stream's own metrics. */
    static double sluice(ComponentRegistry registry, String url, int count, byte[] payload) throws Exception {
        String subject = "bench.sluice." + UUID.randomUUID();
        String yaml = """
                input:
                  nats:
                    urls: [ %s ]
                    subject: %s
                    prefetch_count: 0
                pipeline:
                  threads: 1
                output:
                  drop: {}
                """.formatted(url, subject);
        Stream stream = new StreamBuilder(registry).build("bench", ConfigLoader.parseRaw(yaml, "bench.yaml"));
        stream.start();
        try (Connection pub = publisher(url)) {
            // Wait for the stream's subscription: probe until one message made it through.
            long probeEnd = System.nanoTime() + 10_000_000_000L;
            while (stream.metrics().get("output_sent") == 0 && System.nanoTime() < probeEnd) {
                pub.publish(subject, payload);
                Thread.sleep(20);
            }
            Thread.sleep(200);
            long base = stream.metrics().get("output_sent");
            long start = System.nanoTime();
            Thread publisher = Thread.ofPlatform().start(() -> publishAll(pub, subject, count, payload));
            long deadline = start + 60_000_000_000L;
            // Poll gently: a spinning main thread would take one of the two cores from the stream under test.
            while (stream.metrics().get("output_sent") - base < count && System.nanoTime() < deadline) LockSupport.parkNanos(500_000);
            long elapsed = System.nanoTime() - start;
            publisher.join();
            long got = stream.metrics().get("output_sent") - base;
            if (got < count) throw new IllegalStateException("sluice stream delivered " + got + "/" + count);
            return count / (elapsed / 1e9);
        } finally {
            stream.stop(Duration.ofSeconds(5));
        }
    }

    /** The nats input driven directly (connect, read, ack), without the engine's stages: what the connector itself costs. */
    static double inputOnly(ComponentRegistry registry, String url, int count, byte[] payload) throws Exception {
        String subject = "bench.input." + UUID.randomUUID();
        var reg = registry.find(ComponentKind.INPUT, "nats").orElseThrow();
        var node = ConfigLoader.parseRaw("urls: [ %s ]\nsubject: %s\nprefetch_count: 0\n".formatted(url, subject), "input.yaml");
        var ctx = new BenchContext(registry);
        var conf = new Conf(node, reg.spec().config(), "input.nats", node.pos(), ctx);
        Input in = (Input) reg.factory().create(conf, ctx);
        in.connect();
        try (Connection pub = publisher(url)) {
            long start = System.nanoTime();
            Thread publisher = Thread.ofPlatform().start(() -> publishAll(pub, subject, count, payload));
            for (int i = 0; i < count; i++) in.read().ack();
            long elapsed = System.nanoTime() - start;
            publisher.join();
            return count / (elapsed / 1e9);
        } finally {
            in.close();
        }
    }

    private static void publishAll(Connection pub, String subject, int count, byte[] payload) {
        try {
            for (int i = 0; i < count; i++) pub.publish(subject, payload);
            pub.flush(Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
