package io.sluice.connectors.nats;

import io.sluice.testkit.TestKit;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private nats-server (Debian package {@code nats-server}, binary {@code /usr/sbin/nats-server})
 * started on a free loopback port under {@code target/}, for tests that need to stop the server or
 * to require authentication. The shared server on 4222 is never touched.
 */
final class NatsServerProcess implements AutoCloseable {
    static final String BINARY = System.getProperty("nats.server.bin", "/usr/sbin/nats-server");

    private final int port;
    private final List<String> extraArgs;
    private Process process;

    NatsServerProcess(int port, String... extraArgs) {
        this.port = port;
        this.extraArgs = List.of(extraArgs);
    }

    static NatsServerProcess launch(String... extraArgs) throws Exception {
        if (!new File(BINARY).canExecute()) {
            throw new IllegalStateException("nats-server not found at " + BINARY + " (install the Debian package nats-server)");
        }
        NatsServerProcess p = new NatsServerProcess(TestKit.freePort(), extraArgs);
        p.start();
        return p;
    }

    int port() {
        return port;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    void start() throws Exception {
        Path dir = Path.of("target", "nats-server-" + port);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-a", "127.0.0.1", "-p", Integer.toString(port), "-l", dir.resolve("server.log").toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) throw new IllegalStateException("nats-server exited with " + process.exitValue() + ", see " + dir);
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server did not listen on " + port + " within 10s");
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
