package io.sluice.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A loopback TCP proxy in front of a real broker, so a test can cut every connection (as a network
 * failure or broker restart would) or refuse new ones for a while. An optional gate sees the first
 * bytes a client sends and may answer them itself instead of forwarding (used to play a broker that
 * only speaks MQTT 3.1.1).
 */
public final class TcpProxy implements AutoCloseable {
    /** Gets the client's first read and its output stream; returns true to forward, false to drop the connection. */
    public interface Gate extends BiPredicate<byte[], OutputStream> {
    }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean refusing;
    private volatile boolean closed;
    private volatile Gate gate;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url(String scheme) {
        return scheme + "://127.0.0.1:" + port();
    }

    public int accepted() {
        return accepted.get();
    }

    /** Connections closed at once because the proxy was refusing: proof that a client tried while the "broker" was down. */
    public int refused() {
        return refused.get();
    }

    public void gate(Gate g) {
        this.gate = g;
    }

    /** Closes every open connection on both sides. */
    public void cutAll() {
        for (Socket s : sockets) closeQuietly(s);
        sockets.clear();
    }

    /** While refusing, new connections are closed at once (clients see the broker as down). */
    public void refuse(boolean on) {
        refusing = on;
        if (on) cutAll();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                closeQuietly(client);
                refused.incrementAndGet();
                continue;
            }
            accepted.incrementAndGet();
            Thread.ofVirtual().name("proxy-conn").start(() -> handle(client));
        }
    }

    private void handle(Socket client) {
        sockets.add(client);
        try {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            byte[] first = new byte[0];
            Gate g = gate;
            if (g != null) {
                byte[] buf = new byte[4096];
                int n = in.read(buf);
                if (n <= 0) {
                    closeQuietly(client);
                    return;
                }
                first = Arrays.copyOf(buf, n);
                if (!g.test(first, client.getOutputStream())) {
                    closeQuietly(client);
                    return;
                }
            }
            Socket upstream = new Socket();
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            upstream.setTcpNoDelay(true);
            sockets.add(upstream);
            upstream.getOutputStream().write(first);
            Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[32 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // cut or closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        cutAll();
    }
}
