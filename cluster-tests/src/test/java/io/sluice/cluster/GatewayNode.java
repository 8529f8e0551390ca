package io.sluice.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Sluice gateway node as a separate JVM ({@code java -cp <this test's class path> GatewayLauncher}), configured
 * by {@code SLUICE_GW_*} environment variables as a user would, logging to {@code target/cluster/<name>.log}.
 */
final class GatewayNode implements AutoCloseable {

    static final String SECRET = "cluster-test-secret";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

    final String name;
    final int port;
    private final Path dir;
    private final Map<String, String> env;
    private Process process;

    GatewayNode(String name, Path dir, Map<String, String> env) {
        this.name = name;
        this.port = Ports.free();
        this.dir = dir;
        this.env = new LinkedHashMap<>(env);
        this.env.put("SLUICE_GW_LISTEN_PORT", Integer.toString(port));
        this.env.put("SLUICE_GW_LISTEN_ADDRESS", "127.0.0.1");
        this.env.put("SLUICE_GW_SECRET", SECRET);
        this.env.put("SLUICE_GW_APP_PATH", dir.resolve(name + "-apps").toString());
        this.env.put("SLUICE_GW_EVENT_LOOPS", "1");
        // The singleton test tags each message with the node that made it (env("SLUICE_NODE_NAME")); API streams may
        // read the environment only where the operator allows it.
        this.env.put("SLUICE_GW_STREAMING_ALLOW_UNSAFE", "env");
        this.env.put("SLUICE_NODE_NAME", name);
    }

    /** Starts the process; {@link #awaitReady} waits until it answers. */
    GatewayNode launch() throws IOException {
        Files.createDirectories(dir.resolve(name + "-apps")); // empty: no demo APIs
        Path logback = dir.resolve("logback-node.xml");
        if (!Files.exists(logback)) {
            Files.writeString(logback, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                      <logger name="org.apache.kafka" level="WARN"/>
                      <logger name="io.lettuce" level="WARN"/>
                      <logger name="io.netty" level="WARN"/>
                    </configuration>
                    """, StandardCharsets.UTF_8);
        }
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
                "io.sluice.gateway.GatewayLauncher"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        return this;
    }

    GatewayNode awaitReady() {
        Waits.until(name + " answers /hello (log: " + dir.resolve(name + ".log") + ")", Duration.ofSeconds(90), () -> {
            if (!process.isAlive()) throw new AssertionError(name + " exited with " + process.exitValue() + ", see " + dir.resolve(name + ".log"));
            return status("/hello") == 200;
        });
        return this;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** kill -9: the node vanishes without closing anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A management API call with the secret; the answer's body. */
    HttpResponse<String> admin(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("x-tyk-authorization", SECRET)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(name + ": " + method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
