package io.sluice.gateway.streaming;

import io.sluice.connectors.http.HttpComponents;
import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.connect.Multipart;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import io.sluice.gateway.streaming.components.StreamingComponents;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test-only components and helpers for end-to-end stream tests: a {@code test_feed} input the test pushes batches
 * into (acknowledgements recorded), a {@code test_sink} output that records what it accepted (optionally slow or
 * failing), a {@code test_upper} processor and a {@code test_limit} rate limit. Each test names its own feed/sink.
 */
final class StreamTestKit {
    static final Map<String, BlockingQueue<List<String>>> FEEDS = new ConcurrentHashMap<>();
    static final Map<String, List<String>> ACKS = new ConcurrentHashMap<>();
    static final Map<String, List<Part>> SINKS = new ConcurrentHashMap<>();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StreamTestKit() {
    }

    static BlockingQueue<List<String>> feed(String name) {
        return FEEDS.computeIfAbsent(name, k -> new LinkedBlockingQueue<>());
    }

    static List<String> acks(String name) {
        return ACKS.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
    }

    static List<Part> sink(String name) {
        return SINKS.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
    }

    static List<String> sinkTexts(String name) {
        return sink(name).stream().map(Part::text).toList();
    }

    static ComponentRegistry registry() {
        ComponentRegistry r = new ComponentRegistry();
        new CoreComponents().register(r);
        new StreamingComponents().register(r);
        new HttpComponents().register(r); // http_client, to answer http_server publishers with propagate_response
        r.register(ComponentSpec.input("test_feed").fields(FieldSpec.string("name")), (conf, ctx) -> {
            String name = conf.string("name");
            BlockingQueue<List<String>> q = feed(name);
            return new Input() {
                @Override
                public Transaction read() throws Exception {
                    List<String> texts = q.take();
                    if (texts.isEmpty()) throw new EndOfInputException();
                    return new Transaction(Batch.ofTexts(texts.toArray(String[]::new)),
                            err -> acks(name).add(err == null ? "ack" : "nack"));
                }
            };
        });
        r.register(ComponentSpec.output("test_sink").fields(FieldSpec.string("name"),
                FieldSpec.bool("fail").defaultValue(false), FieldSpec.duration("delay").defaultValue("0s")), (conf, ctx) -> {
            String name = conf.string("name");
            boolean fail = conf.bool("fail");
            long delay = conf.duration("delay").toMillis();
            return new Output() {
                @Override
                public void write(Batch batch) throws Exception {
                    if (delay > 0) Thread.sleep(delay);
                    if (fail) throw new IllegalStateException("sink refused the message");
                    for (Part p : batch) sink(name).add(p.copy());
                }
            };
        });
        r.register(ComponentSpec.processor("test_upper").fields(), (conf, ctx) -> new PartProcessor(ctx) {
            @Override
            protected List<Part> processPart(Batch batch, int index) {
                Part p = batch.get(index);
                p.setText(p.text().toUpperCase(Locale.ROOT));
                return List.of(p);
            }
        });
        r.register(ComponentSpec.rateLimit("test_limit").fields(FieldSpec.integer("allow")), (conf, ctx) -> {
            AtomicInteger left = new AtomicInteger(conf.integer("allow"));
            return (RateLimit) () -> left.getAndDecrement() > 0 ? Duration.ZERO : Duration.ofMillis(1500);
        });
        return r;
    }

    static Stream start(String yaml) throws Exception {
        return start(yaml, Map.of());
    }

    /** Without a pipeline section the stream gets one pipeline thread: only then is order promised, and tests assert it. */
    static Stream start(String yaml, Map<Class<?>, Object> services) throws Exception {
        String ordered = yaml.contains("pipeline:") ? yaml : yaml + "\npipeline:\n  threads: 1\n";
        return new StreamBuilder(registry(), services).build("test", ConfigLoader.parseRaw(ordered, "t.yaml")).start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    /** Waits until something answers at {@code url} other than a refused connection or 404. */
    static void awaitMounted(String url) throws InterruptedException {
        await("endpoint " + url, Duration.ofSeconds(10), () -> {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() != 404;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * POSTs "one" and "two" as a multipart body (a batch of two messages), checks that the answer is a 201
     * {@code multipart/mixed}, and returns the bodies of its parts in order.
     */
    static List<String> postBatchOfTwo(String url) throws Exception {
        List<Map.Entry<String, String>> plainText = List.of(Map.entry("Content-Type", "text/plain"));
        Multipart.Body body = Multipart.write(List.of(new Multipart.Section(plainText, "one".getBytes()),
                new Multipart.Section(plainText, "two".getBytes())), Multipart.newBoundary(), "mixed");
        HttpResponse<String> batch = post(url, new String(body.bytes(), StandardCharsets.UTF_8), "Content-Type", body.contentType());
        assertThat(batch.statusCode()).isEqualTo(201);
        String type = batch.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/mixed");
        return Multipart.parse(batch.body().getBytes(StandardCharsets.UTF_8), Multipart.boundaryOf(type)).stream()
                .map(p -> new String(p, StandardCharsets.UTF_8)).toList();
    }

    static void stop(Stream stream) {
        if (stream != null) stream.stop(Duration.ofSeconds(5));
    }

    /** Runs a command, collecting its stdout lines; the process is destroyed by {@link Proc#close()}. */
    static final class Proc implements AutoCloseable {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread reader;

        Proc(String... command) throws IOException {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            reader = Thread.ofVirtual().start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                    String line;
                    while ((line = in.readLine()) != null) lines.add(line);
                } catch (IOException ignored) {
                    // process ended
                }
            });
        }

        List<String> waitForExit(Duration timeout) throws InterruptedException {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            reader.join(timeout.toMillis());
            return new ArrayList<>(lines);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) return true;
        }
        return false;
    }
}
