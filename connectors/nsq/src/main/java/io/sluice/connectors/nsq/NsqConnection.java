package io.sluice.connectors.nsq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.component.ComponentLog;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One TCP connection to an nsqd: handshake (magic, IDENTIFY with feature negotiation, optional TLS
 * upgrade), a reader thread that answers heartbeats and hands messages to a consumer, and
 * pipelined commands whose responses are matched in order.
 */
final class NsqConnection implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    final String address;
    private final ComponentLog log;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final ArrayDeque<CompletableFuture<NsqProtocol.Frame>> waiting = new ArrayDeque<>();
    private volatile Consumer<NsqProtocol.Message> onMessage;
    private volatile Runnable onClose;
    private volatile boolean closed;
    private volatile long msgTimeoutMillis = 60_000;
    private volatile int maxRdyCount = 2500;
    private Thread reader;

    private NsqConnection(String address, ComponentLog log, Socket socket) throws IOException {
        this.address = address;
        this.log = log;
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Connects and identifies; the reader thread is not started yet (see {@link #start}). */
    static NsqConnection open(String address, String userAgent, SSLContext tls, ComponentLog log) throws IOException {
        HostPort hp = HostPort.parse(address, 4150);
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(hp.host(), hp.port()), 5000);
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) RESPONSE_TIMEOUT.toMillis());
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot reach nsqd at " + address + ": " + e.getMessage(), e);
        }
        NsqConnection c = new NsqConnection(address, log, s);
        try {
            return c.handshake(hp, userAgent, tls);
        } catch (IOException e) {
            c.closeQuietly();
            throw e;
        }
    }

    private NsqConnection handshake(HostPort hp, String userAgent, SSLContext tls) throws IOException {
        out.write(NsqProtocol.MAGIC_V2);
        ObjectNode id = JSON.createObjectNode();
        String host = hostname();
        id.put("client_id", host.contains(".") ? host.substring(0, host.indexOf('.')) : host);
        id.put("hostname", host);
        id.put("feature_negotiation", true);
        id.put("heartbeat_interval", 30_000);
        id.put("user_agent", userAgent == null || userAgent.isEmpty() ? "sluice" : userAgent);
        id.put("tls_v1", tls != null);
        out.write(NsqProtocol.identify(JSON.writeValueAsBytes(id)));
        out.flush();
        NsqProtocol.Frame f = NsqProtocol.readFrame(in);
        if (f.type() == NsqProtocol.FRAME_ERROR) throw new IOException("nsqd " + address + " refused IDENTIFY: " + f.text());
        if (f.text().startsWith("{")) {
            JsonNode r = JSON.readTree(f.data());
            msgTimeoutMillis = r.path("msg_timeout").asLong(60_000);
            maxRdyCount = r.path("max_rdy_count").asInt(2500);
            if (r.path("auth_required").asBoolean(false)) throw new IOException("nsqd " + address + " requires AUTH, which is not supported");
            if (tls != null && !r.path("tls_v1").asBoolean(false)) throw new IOException("nsqd " + address + " does not offer TLS but tls.enabled is true");
            if (r.path("tls_v1").asBoolean(false)) return upgrade(hp, tls);
        }
        return this;
    }

    private NsqConnection upgrade(HostPort hp, SSLContext tls) throws IOException {
        out.flush();
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, hp.host(), hp.port(), true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        ssl.setSoTimeout((int) RESPONSE_TIMEOUT.toMillis());
        NsqConnection upgraded = new NsqConnection(address, log, ssl);
        upgraded.msgTimeoutMillis = msgTimeoutMillis;
        upgraded.maxRdyCount = maxRdyCount;
        NsqProtocol.Frame ok = NsqProtocol.readFrame(upgraded.in);
        if (ok.type() != NsqProtocol.FRAME_RESPONSE) throw new IOException("nsqd " + address + " failed the TLS upgrade: " + ok.text());
        return upgraded;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "sluice";
        }
    }

    long msgTimeoutMillis() {
        return msgTimeoutMillis;
    }

    int maxRdyCount() {
        return maxRdyCount;
    }

    /** Starts the reader thread; {@code onMessage} gets every message frame, {@code onClose} runs once when the connection ends. */
    void start(Consumer<NsqProtocol.Message> onMessage, Runnable onClose) throws IOException {
        this.onMessage = onMessage;
        this.onClose = onClose;
        socket.setSoTimeout(0);
        reader = Thread.ofVirtual().name("nsq-reader-" + address).start(this::readLoop);
    }

    private void readLoop() {
        Throwable cause = null;
        try {
            while (!closed) {
                NsqProtocol.Frame f = NsqProtocol.readFrame(in);
                switch (f.type()) {
                    case NsqProtocol.FRAME_RESPONSE -> {
                        if (NsqProtocol.HEARTBEAT.equals(f.text())) send(NsqProtocol.nop());
                        else complete(f);
                    }
                    case NsqProtocol.FRAME_ERROR -> {
                        if (!complete(f)) log.warn("nsqd {} reported: {}", address, f.text());
                    }
                    case NsqProtocol.FRAME_MESSAGE -> {
                        Consumer<NsqProtocol.Message> h = onMessage;
                        if (h != null) h.accept(NsqProtocol.decodeMessage(f.data()));
                    }
                    default -> log.warn("nsqd {} sent an unknown frame type {}", address, f.type());
                }
            }
        } catch (Throwable t) {
            cause = t;
        } finally {
            boolean wasClosed = closed;
            closeQuietly();
            IOException gone = new IOException("nsqd connection " + address + " closed" + (cause == null || wasClosed ? "" : ": " + cause.getMessage()));
            synchronized (waiting) {
                for (CompletableFuture<NsqProtocol.Frame> w : waiting) w.completeExceptionally(gone);
                waiting.clear();
            }
            if (!wasClosed) log.warn("lost the connection to nsqd {}: {}", address, cause == null ? "closed" : cause.getMessage());
            Runnable r = onClose;
            if (r != null) r.run();
        }
    }

    private boolean complete(NsqProtocol.Frame f) {
        CompletableFuture<NsqProtocol.Frame> w;
        synchronized (waiting) {
            w = waiting.poll();
        }
        if (w == null) return false;
        w.complete(f);
        return true;
    }

    /** Sends a command that gets no answer on success (FIN, REQ, TOUCH, RDY, NOP). */
    void send(byte[] command) throws IOException {
        synchronized (writeLock) {
            out.write(command);
            out.flush();
        }
    }

    /** Sends a command that nsqd answers (SUB, PUB, MPUB, CLS); completes with the answer frame. */
    CompletableFuture<NsqProtocol.Frame> request(byte[] command) {
        CompletableFuture<NsqProtocol.Frame> f = new CompletableFuture<>();
        synchronized (writeLock) {
            if (closed) {
                f.completeExceptionally(new IOException("nsqd connection " + address + " is closed"));
                return f;
            }
            synchronized (waiting) {
                waiting.add(f);
            }
            try {
                out.write(command);
                out.flush();
            } catch (IOException e) {
                synchronized (waiting) {
                    waiting.remove(f);
                }
                f.completeExceptionally(e);
            }
        }
        return f;
    }

    /** Sends and waits for an {@code OK}; an error frame becomes an exception carrying nsqd's text. */
    void requestOk(byte[] command, String what) throws IOException, InterruptedException {
        NsqProtocol.Frame f;
        try {
            f = request(command).get(RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("nsqd " + address + " did not answer " + what + " within " + RESPONSE_TIMEOUT.toSeconds() + "s");
        }
        if (f.type() == NsqProtocol.FRAME_ERROR) throw new NsqErrorException(f.text());
        String text = f.text();
        if (!"OK".equals(text) && !"CLOSE_WAIT".equals(text)) throw new IOException("nsqd " + address + " answered " + what + " with '" + text + "'");
    }

    /** The handshake-time SUB (before the reader thread runs). */
    void subscribeSync(String topic, String channel) throws IOException {
        synchronized (writeLock) {
            out.write(NsqProtocol.sub(topic, channel));
            out.flush();
        }
        NsqProtocol.Frame f = NsqProtocol.readFrame(in);
        if (f.type() == NsqProtocol.FRAME_ERROR) throw new NsqErrorException(f.text());
    }

    boolean isOpen() {
        return !closed && !socket.isClosed();
    }

    private void closeQuietly() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        if (closed) return;
        try {
            if (reader != null) request(NsqProtocol.cls()).get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort: CLS lets nsqd stop sending before the socket closes
        }
        closeQuietly();
    }

    /** An error frame from nsqd ({@code E_BAD_TOPIC ...}). */
    static final class NsqErrorException extends IOException {
        NsqErrorException(String text) {
            super(text);
        }
    }

    record HostPort(String host, int port) {
        static HostPort parse(String address, int defaultPort) {
            String a = address.trim();
            int i = a.lastIndexOf(':');
            if (i < 0) return new HostPort(a, defaultPort);
            String host = a.substring(0, i);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            return new HostPort(host.isEmpty() ? "localhost" : host, Integer.parseInt(a.substring(i + 1)));
        }
    }
}
