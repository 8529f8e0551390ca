package io.sluice.connectors.redis;

import io.sluice.testkit.TestKit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Private redis-server processes (Debian package redis-server, the same binary as the shared
 * server) on free loopback ports under {@code target/}: a three-master cluster and a sentinel, for
 * the {@code kind: cluster} and {@code kind: failover} paths. Nothing is kept on disk.
 */
final class RedisServers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    private final Path dir;

    RedisServers() throws IOException {
        dir = Files.createDirectories(Path.of("target", "redis-" + System.nanoTime()).toAbsolutePath());
    }

    Path dir() {
        return dir;
    }

    /** A throw-away CA plus server and client certificates (openssl command line tool), in {@link #dir()}. */
    void certificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "1", "-subj", "/CN=sluice-test-ca");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String who : new String[]{"server", "client"}) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + "-key.pem", "-out", who + ".csr", "-subj", "/CN=" + who);
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", who + ".pem",
                    "-days", "1", "-extfile", who + ".ext");
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }

    /** A TLS-only server that requires client certificates signed by the test CA. */
    int startTls() throws Exception {
        int port = TestKit.freePort();
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", "0", "--tls-port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", dir.resolve("redis-tls-" + port + ".log").toString(),
                "--tls-cert-file", dir.resolve("server.pem").toString(), "--tls-key-file", dir.resolve("server-key.pem").toString(),
                "--tls-ca-cert-file", dir.resolve("ca.pem").toString(), "--tls-auth-clients", "yes"));
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out-tls-" + port + ".txt").toFile()).start());
        waitFor(port);
        return port;
    }

    int start(String... extra) throws Exception {
        int port = TestKit.freePort();
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", dir.resolve("redis-" + port + ".log").toString()));
        cmd.addAll(List.of(extra));
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out-" + port + ".txt").toFile()).start());
        waitFor(port);
        ports.add(port);
        return port;
    }

    int startSentinel(int masterPort) throws Exception {
        int port = TestKit.freePort();
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\nsentinel monitor mymaster 127.0.0.1 " + masterPort + " 1\n");
        processes.add(new ProcessBuilder("redis-server", conf.toString(), "--sentinel").redirectErrorStream(true)
                .redirectOutput(dir.resolve("sentinel-" + port + ".txt").toFile()).start());
        waitFor(port);
        return port;
    }

    /**
     * Three masters joined into a cluster covering all slots; returns when every node reports the cluster ok (each
     * node learns the others' slots by gossip, so one node saying ok does not mean the others will not answer
     * CLUSTERDOWN).
     */
    List<Integer> startCluster() throws Exception {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int p = start("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + System.nanoTime() + ".conf");
            nodes.add("127.0.0.1:" + p);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        create.addAll(nodes);
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("redis-cli --cluster create failed: " + out);
        long end = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < end) {
            boolean allOk = true;
            for (int port : ports) {
                Process info = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "cluster", "info").start();
                String text = new String(info.getInputStream().readAllBytes());
                info.waitFor();
                allOk &= text.contains("cluster_state:ok");
            }
            if (allOk) return List.copyOf(ports);
            Thread.sleep(100);
        }
        throw new IllegalStateException("the test cluster did not reach cluster_state:ok");
    }

    private static void waitFor(int port) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port);
    }

    @Override
    public void close() {
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
