package io.sluice.cluster;

import io.sluice.testkit.Services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own, on a free port, with its data under {@code target/} and the append-only file on
 * and synced at every write: a {@link #kill() kill -9} and {@link #restart()} lose nothing Redis acknowledged.
 */
final class RedisServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static RedisServer start(Path dir) throws IOException {
        if (!onPath("redis-server")) Services.unavailable("redis-server is not installed (Debian package redis-server)");
        Files.createDirectories(dir);
        RedisServer r = new RedisServer(dir, Ports.free());
        r.launch();
        return r;
    }

    int port() {
        return port;
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        Waits.until("redis-server answers PING on " + port, Duration.ofSeconds(20), this::answers);
    }

    /** Kills the server as a crash would (SIGKILL). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts it again on the same port, from its append-only file. */
    void restart() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                launch();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) throw e; // the old socket may linger a moment
            }
        }
    }

    /** CPU seconds the server used so far (from /proc), for benchmarks. */
    double cpuSeconds() throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).split(" ");
        return (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) / 100.0;
    }

    boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] b = new byte[16];
            InputStream in = s.getInputStream();
            int n = in.read(b);
            return n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) return true;
        }
        return false;
    }
}
