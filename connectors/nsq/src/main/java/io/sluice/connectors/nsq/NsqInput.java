package io.sluice.connectors.nsq;

import io.sluice.core.connect.ConnectorFields;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code nsq} input: subscribes to a topic/channel on the configured nsqd instances and on those
 * that nsqlookupd knows for the topic. A message is FINished after the output accepted it and
 * REQueued when the output rejected it; in-flight messages are TOUCHed so slow outputs do not
 * trigger nsqd's timeout redelivery.
 */
final class NsqInput implements Input {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        return ComponentSpec.input("nsq")
                .summary("Consumes a channel of an NSQ topic.")
                .description("""
                        A message is finished (FIN) once the output has taken it, and requeued (REQ) when the output rejected \
                        it, to come back after `requeue_delay` times its attempt number (15m at most). A message that has \
                        already been tried more than `max_attempts` times is finished without being processed, as other NSQ \
                        clients do: it is dropped, not dead-lettered.

                        Every channel of a topic gets every message; the consumers of one channel share its messages.

                        ### Metadata

                        - nsq_id: the message id
                        - nsq_attempts: how many times it was delivered, this time included
                        - nsq_nsqd_address: the nsqd it came from
                        - nsq_timestamp: when it was published, in nanoseconds since the epoch""")
                .categories("Services")
                .fields(
                        FieldSpec.stringList("nsqd_tcp_addresses").defaultValue(List.of()).description("nsqd TCP addresses to consume from directly.").example(List.of("127.0.0.1:4150")),
                        FieldSpec.stringList("lookupd_http_addresses").defaultValue(List.of()).description("nsqlookupd HTTP addresses, asked which nsqd instances hold the topic.").example(List.of("127.0.0.1:4161")),
                        ConnectorFields.tls(),
                        FieldSpec.string("topic").rule(v -> nameProblem("topic", v)).description("The topic to consume."),
                        FieldSpec.string("channel").rule(v -> nameProblem("channel", v)).description("The channel to consume as; created on first use."),
                        FieldSpec.string("user_agent").optional().description("The user agent sent to nsqd when identifying."),
                        FieldSpec.integer("max_in_flight").defaultValue(100).description("How many unfinished messages nsqd may send ahead (RDY)."),
                        FieldSpec.integer("max_attempts").defaultValue(5).description("How many deliveries a message gets before it is given up on."),
                        FieldSpec.duration("requeue_delay").defaultValue("90s").advanced()
                                .description("Base delay of a requeued (rejected) message; multiplied by its attempt number, capped at 15m."),
                        FieldSpec.duration("lookupd_poll_interval").defaultValue("60s").advanced()
                                .description("How often nsqlookupd is asked for the nsqd instances that hold the topic."))
                .atLeastOneOf(List.of("nsqd_tcp_addresses", "lookupd_http_addresses"), "give nsqd_tcp_addresses or lookupd_http_addresses");
    }

    public static Input create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new NsqInput(conf, ctx);
    }

    /** Lint's check of a topic or channel name, as nsqd would refuse it. */
    private static String nameProblem(String what, Object value) {
        return value instanceof String name && !NsqProtocol.isValidName(name) ? "invalid NSQ " + what + " name '" + name + "'" : null;
    }

    private static final class Pending {
        final NsqProtocol.Message msg;
        final NsqConnection conn;
        volatile long lastTouch = System.nanoTime();

        Pending(NsqProtocol.Message msg, NsqConnection conn) {
            this.msg = msg;
            this.conn = conn;
        }
    }

    private static final long MAX_REQUEUE_MILLIS = Duration.ofMinutes(15).toMillis();

    private final ComponentContext ctx;
    private final List<String> nsqdAddresses;
    private final List<String> lookupdAddresses;
    private final SSLContext tls;
    private final String topic;
    private final String channel;
    private final String userAgent;
    private final int maxInFlight;
    private final int maxAttempts;
    private final Duration requeueDelay;
    private final Duration lookupInterval;

    private final Map<String, NsqConnection> conns = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlightMsgs = new ConcurrentHashMap<>(); // id@address -> handed-out message
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean closed;
    private Thread housekeeper;

    NsqInput(Conf conf, ComponentContext ctx) throws ConfigException {
        this.ctx = ctx;
        this.nsqdAddresses = split(conf.stringList("nsqd_tcp_addresses"));
        this.lookupdAddresses = split(conf.stringList("lookupd_http_addresses"));
        if (nsqdAddresses.isEmpty() && lookupdAddresses.isEmpty()) {
            throw conf.invalid("nsqd_tcp_addresses", "give nsqd_tcp_addresses or lookupd_http_addresses");
        }
        this.tls = Tls.sslContextOrNull(conf.child("tls"));
        this.topic = conf.string("topic");
        this.channel = conf.string("channel");
        this.userAgent = conf.string("user_agent");
        this.maxInFlight = ConnectorFields.maxInFlight(conf);
        this.maxAttempts = conf.integer("max_attempts");
        this.requeueDelay = conf.duration("requeue_delay");
        this.lookupInterval = conf.duration("lookupd_poll_interval");
    }

    static List<String> split(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String s : in) for (String p : s.split(",")) if (!p.isBlank()) out.add(p.trim());
        return out;
    }

    @Override
    public synchronized void connect() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String a : nsqdAddresses) {
            try {
                ensure(a);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        for (String a : lookup(failures)) {
            try {
                ensure(a);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        if (conns.isEmpty()) {
            String field = nsqdAddresses.isEmpty() ? "lookupd_http_addresses" : "nsqd_tcp_addresses";
            throw new IOException("nsq: not connected to any nsqd for topic '" + topic + "' (check field '" + field + "'): "
                    + (failures.isEmpty() ? "nsqlookupd knows no producer of the topic yet" : String.join("; ", failures)));
        }
        for (String f : failures) ctx.log().warn("nsq: {}", f);
        if (housekeeper == null) housekeeper = Thread.ofVirtual().name("nsq-housekeeping").start(this::housekeeping);
    }

    private synchronized void ensure(String address) throws IOException {
        NsqConnection existing = conns.get(address);
        if (existing != null && existing.isOpen()) return;
        ctx.log().info("nsq: connecting to nsqd {} for {}/{}", address, topic, channel);
        NsqConnection c = NsqConnection.open(address, userAgent, tls, ctx.log());
        try {
            c.subscribeSync(topic, channel);
        } catch (NsqConnection.NsqErrorException e) {
            c.close();
            throw new IOException("nsqd " + address + " refused SUB " + topic + " " + channel + " (fields 'topic', 'channel'): " + e.getMessage(), e);
        } catch (IOException e) {
            c.close();
            throw e;
        }
        c.start(m -> queue.add(new Pending(m, c)), () -> {
            conns.remove(address, c);
            redistributeRdy();
        });
        conns.put(address, c);
        redistributeRdy();
        ctx.log().info("nsq: subscribed to {}/{} on nsqd {}", topic, channel, address);
    }

    /** Splits max_in_flight over the connections (at least 1 each), as RDY counts. */
    private void redistributeRdy() {
        List<NsqConnection> all = new ArrayList<>(conns.values());
        if (all.isEmpty()) return;
        int each = Math.max(1, maxInFlight / all.size());
        for (NsqConnection c : all) {
            try {
                c.send(NsqProtocol.rdy(Math.min(each, c.maxRdyCount())));
            } catch (IOException e) {
                ctx.log().debug("nsq: RDY to {} failed: {}", c.address, e.getMessage());
            }
        }
    }

    /** nsqd TCP addresses that nsqlookupd lists for the topic (broadcast_address:tcp_port). */
    private Set<String> lookup(List<String> failures) {
        Set<String> found = new LinkedHashSet<>();
        for (String l : lookupdAddresses) {
            String base = l.startsWith("http://") || l.startsWith("https://") ? l : "http://" + l;
            if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/lookup?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
                        .header("Accept", "application/vnd.nsq; version=1.0").timeout(Duration.ofSeconds(5)).GET().build();
                HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (resp.statusCode() == 404) continue; // topic not registered yet
                if (resp.statusCode() != 200) {
                    failures.add("nsqlookupd " + l + " answered HTTP " + resp.statusCode() + ": " + new String(resp.body(), StandardCharsets.UTF_8).trim());
                    continue;
                }
                JsonNode root = NsqConnection.JSON.readTree(resp.body());
                JsonNode data = root.has("data") ? root.get("data") : root; // pre-1.0 nsqlookupd wraps the answer
                for (JsonNode p : data.path("producers")) {
                    String host = p.path("broadcast_address").asText("");
                    int port = p.path("tcp_port").asInt(0);
                    if (!host.isEmpty() && port > 0) found.add(host.contains(":") ? "[" + host + "]:" + port : host + ":" + port);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            } catch (Exception e) {
                failures.add("nsqlookupd " + l + " (field 'lookupd_http_addresses'): " + e.getMessage());
            }
        }
        return found;
    }

    /** Polls nsqlookupd and TOUCHes messages that are held longer than half of nsqd's msg_timeout. */
    private void housekeeping() {
        long nextLookup = System.nanoTime() + lookupInterval.toNanos();
        long nextRetry = 0;
        long retryWait = 1_000_000_000L;
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            // Both handed-out messages and those still waiting here count against nsqd's msg_timeout.
            for (Pending p : inFlightMsgs.values()) touchIfOld(p, now);
            for (Pending p : queue) touchIfOld(p, now);
            if (!conns.isEmpty() && now >= nextRetry) {
                boolean failed = false;
                for (String a : nsqdAddresses) {
                    if (conns.containsKey(a)) continue;
                    try {
                        ensure(a);
                    } catch (IOException ex) {
                        failed = true;
                        ctx.log().warn("nsq: still cannot reconnect to nsqd {}, next attempt in {}s: {}", a, retryWait / 1_000_000_000L, ex.getMessage());
                    }
                }
                retryWait = failed ? Math.min(retryWait * 2, 30_000_000_000L) : 1_000_000_000L;
                nextRetry = now + retryWait;
            }
            if (!lookupdAddresses.isEmpty() && now >= nextLookup) {
                nextLookup = now + lookupInterval.toNanos();
                List<String> failures = new ArrayList<>();
                for (String a : lookup(failures)) {
                    try {
                        ensure(a);
                    } catch (IOException ex) {
                        failures.add(ex.getMessage());
                    }
                }
                for (String f : failures) ctx.log().warn("nsq: {}", f);
            }
        }
    }

    private void touchIfOld(Pending p, long now) {
        long half = TimeUnit.MILLISECONDS.toNanos(p.conn.msgTimeoutMillis() / 2);
        if (now - p.lastTouch > half && p.conn.isOpen()) {
            try {
                p.conn.send(NsqProtocol.touch(p.msg.id()));
                p.lastTouch = now;
            } catch (IOException ex) {
                ctx.log().debug("nsq: TOUCH failed: {}", ex.getMessage());
            }
        }
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            if (closed) throw new InterruptedException("closed");
            Pending p = queue.poll(250, TimeUnit.MILLISECONDS);
            if (p == null) {
                // With some connections left, the housekeeper reconnects the others; with none, the engine does.
                if (conns.isEmpty()) throw new NotConnectedException("nsq: no nsqd connection left");
                continue;
            }
            NsqProtocol.Message m = p.msg;
            if (maxAttempts > 0 && m.attempts() > maxAttempts) {
                ctx.log().warn("nsq: message {} was attempted {} times (max_attempts {}), finishing it unprocessed", m.id(), m.attempts(), maxAttempts);
                respond(p, NsqProtocol.fin(m.id()));
                continue;
            }
            String key = m.id() + "@" + p.conn.address;
            inFlightMsgs.put(key, p);
            Part part = new Part(m.body());
            part.setMeta("nsq_attempts", Integer.toString(m.attempts()));
            part.setMeta("nsq_id", m.id());
            part.setMeta("nsq_timestamp", Long.toString(m.timestampNanos()));
            part.setMeta("nsq_nsqd_address", p.conn.address);
            return new Transaction(Batch.of(part), err -> {
                inFlightMsgs.remove(key);
                if (err == null) {
                    respond(p, NsqProtocol.fin(m.id()));
                } else {
                    long delay = Math.min(MAX_REQUEUE_MILLIS, requeueDelay.toMillis() * Math.max(1, m.attempts()));
                    respond(p, NsqProtocol.req(m.id(), delay));
                }
            });
        }
    }

    private void respond(Pending p, byte[] command) {
        try {
            p.conn.send(command);
        } catch (IOException e) {
            // nsqd requeues it by itself once the connection is gone or msg_timeout passed.
            ctx.log().debug("nsq: could not answer message {} on {}: {}", p.msg.id(), p.conn.address, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (housekeeper != null) housekeeper.interrupt();
        for (NsqConnection c : conns.values()) c.close();
        conns.clear();
        // Messages still queued locally were never handed out; nsqd redelivers them after the connection closed.
        queue.clear();
    }
}
