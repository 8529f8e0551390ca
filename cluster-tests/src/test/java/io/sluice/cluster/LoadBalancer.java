package io.sluice.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small TCP load balancer in front of the gateway nodes, as HAProxy with an HTTP health check would be: every 200 ms
 * it asks each node's {@code /hello} and sends new connections only to nodes that answer {@code "status":"pass"}
 * (a node that lost Redis answers {@code warn}, a killed one not at all). Each {@link #listen listener} prefers one
 * node while it is healthy (so a test can place consumers), and otherwise takes the next healthy one.
 */
final class LoadBalancer implements AutoCloseable {

    private final List<GatewayNode> nodes;
    private final boolean[] healthy;
    private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LoadBalancer(List<GatewayNode> nodes) {
        this.nodes = nodes;
        this.healthy = new boolean[nodes.size()];
        for (int i = 0; i < healthy.length; i++) healthy[i] = check(nodes.get(i));
        Thread.ofVirtual().name("lb-health").start(this::healthLoop);
    }

    /** A listening port that sends connections to node {@code preferred} while it is healthy, else to another. */
    int listen(int preferred) throws IOException {
        ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        listeners.add(server);
        Thread.ofVirtual().name("lb-accept").start(() -> acceptLoop(server, preferred));
        return server.getLocalPort();
    }

    boolean healthy(int node) {
        return healthy[node];
    }

    private void healthLoop() {
        while (!closed) {
            for (int i = 0; i < nodes.size(); i++) healthy[i] = check(nodes.get(i));
            Ports.sleep(200);
        }
    }

    private static boolean check(GatewayNode node) {
        try {
            HttpResponse<String> r = GatewayNode.HTTP.send(HttpRequest.newBuilder(URI.create(node.url("/hello")))
                    .timeout(Duration.ofMillis(800)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"status\":\"pass\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void acceptLoop(ServerSocket server, int preferred) {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().name("lb-conn").start(() -> forward(client, preferred));
        }
    }

    private void forward(Socket client, int preferred) {
        sockets.add(client);
        for (int k = 0; k < nodes.size(); k++) {
            int i = (preferred + k) % nodes.size();
            if (!healthy[i]) continue;
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress("127.0.0.1", nodes.get(i).port), 1000);
            } catch (IOException e) {
                close(upstream);
                continue;
            }
            sockets.add(upstream);
            Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
            return;
        }
        close(client); // no healthy node: the client sees the connection closed and tries again
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocket s : listeners) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        for (Socket s : sockets) close(s);
    }
}
