package io.sluice.cluster;

import io.sluice.testkit.Services;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of the test's own (Debian's rabbitmq-server, run as this user), on free ports, with its data under
 * {@code target/}, so that a test can restart a broker without disturbing the machine's shared one. {@link #stop()}
 * is the graceful stop a restart does; durable queues and persistent messages survive it.
 */
final class RabbitMqServer implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

    private final Path dir;
    private final int port = Ports.free();
    private final int distPort = Ports.free();
    private final String node = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    private Process process;

    private RabbitMqServer(Path dir) {
        this.dir = dir;
    }

    /** Starts the node and returns at once; {@link #awaitReady} waits for its AMQP port. */
    static RabbitMqServer launch(Path dir) throws IOException {
        if (!Files.isExecutable(SERVER)) Services.unavailable("RabbitMQ is not installed (Debian package rabbitmq-server)");
        Files.createDirectories(dir.resolve("mnesia"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        RabbitMqServer r = new RabbitMqServer(dir);
        Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.default = 127.0.0.1:" + r.port + "\nloopback_users = none\n");
        Files.writeString(dir.resolve("env.conf"), "");
        r.start();
        return r;
    }

    String url() {
        return "amqp://guest:guest@127.0.0.1:" + port; // no path: the default virtual host "/"
    }

    int port() {
        return port;
    }

    private void start() throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", dir.toString()); // its own Erlang cookie
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("env.conf").toString());
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        ProcessBuilder pb = new ProcessBuilder(List.of(SERVER.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        process = pb.start();
    }

    void awaitReady() {
        Waits.until("RabbitMQ node " + node + " listens on " + port + " (see " + dir.resolve("server.out") + ")",
                Duration.ofSeconds(90), () -> {
                    if (!process.isAlive()) throw new AssertionError("RabbitMQ exited while starting, see " + dir.resolve("server.out"));
                    return listening();
                });
    }

    boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A graceful stop (SIGTERM: the node closes its connections and keeps its durable queues). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        Waits.until("RabbitMQ released its port", Duration.ofSeconds(30), () -> !listening());
    }

    void restart() throws IOException {
        start();
        awaitReady();
    }

    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) stop();
        } catch (InterruptedException | AssertionError e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
