package io.sluice.testkit.kafka;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) for tests and benchmarks.
 *
 * <p>It runs in a child JVM started from the Kafka jars on this JVM's class path
 * ({@code org.apache.kafka:kafka_2.13} is a test dependency), on free loopback ports, with its data
 * under {@code target/}. The storage is formatted with {@code kafka.tools.StorageTool} first, then
 * {@code kafka.Kafka} is started with a small heap. These listeners are opened:
 * <ul>
 *   <li>{@link #bootstrap()}: plain text,</li>
 *   <li>{@link #saslBootstrap()}: SASL over plain text with PLAIN ({@link #USER}/{@link #PASSWORD}),
 *       SCRAM-SHA-256/512 (same credentials) and OAUTHBEARER (any unsigned token, see {@link #unsecuredToken()}),</li>
 *   <li>{@link #tlsBootstrap()}: TLS with a self-signed certificate ({@link #caPem()}),</li>
 *   <li>{@link #mtlsBootstrap()}: TLS requiring a client certificate,</li>
 *   <li>a controller listener.</li>
 * </ul>
 *
 * <p>Tests share one broker per JVM through {@link #shared()}; it is stopped by a shutdown hook.
 * {@link #main(String[])} starts one for benchmarks and prints its address.
 */
public final class KafkaBroker implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "alice-secret";
    private static final String STORE_PASSWORD = "changeit";

    private static KafkaBroker shared;
    private static Throwable sharedFailure;

    private final Path dir;
    private final int plainPort;
    private final int saslPort;
    private final int tlsPort;
    private final int controllerPort;
    private final int mtlsPort;
    private final String heap;
    private final boolean quickStart;
    private Process process;
    private String caPem;
    private String keyPem;

    private KafkaBroker(Path dir, String heap, boolean quickStart) throws IOException {
        this.dir = dir;
        this.heap = heap;
        this.quickStart = quickStart;
        int[] ports = freePorts(5);
        this.plainPort = ports[0];
        this.saslPort = ports[1];
        this.tlsPort = ports[2];
        this.controllerPort = ports[3];
        this.mtlsPort = ports[4];
    }

    /** The broker shared by every test of this JVM, started on first use. Fails with a message naming Kafka. */
    public static synchronized KafkaBroker shared() {
        if (shared != null) return shared;
        if (sharedFailure != null) {
            throw new IllegalStateException("the Kafka test broker could not be started earlier in this run: " + sharedFailure.getMessage(), sharedFailure);
        }
        try {
            Path dir = defaultDir("shared");
            removeStaleDirs(dir.getParent());
            KafkaBroker b = start(dir, "512m", true);
            Runtime.getRuntime().addShutdownHook(new Thread(b::close, "kafka-test-broker-stop"));
            shared = b;
            return b;
        } catch (Throwable t) {
            sharedFailure = t;
            throw new IllegalStateException("the Kafka test broker could not be started: " + t.getMessage(), t);
        }
    }

    /**
     * Starts a fresh broker with its data in {@code dir} (emptied first). {@code quickStart} trades the
     * broker's peak speed for a faster start (for tests; benchmarks want false).
     */
    public static KafkaBroker start(Path dir, String heap, boolean quickStart) throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        KafkaBroker b = new KafkaBroker(dir, heap, quickStart);
        b.prepare();
        b.launch();
        return b;
    }

    /** Deletes the data of brokers of earlier runs whose JVM is gone. */
    private static void removeStaleDirs(Path target) {
        if (!Files.isDirectory(target)) return;
        try (var dirs = Files.list(target)) {
            for (Path d : dirs.toList()) {
                String n = d.getFileName().toString();
                if (!n.startsWith("kafka-broker-")) continue;
                try {
                    long pid = Long.parseLong(n.substring(n.lastIndexOf('-') + 1));
                    if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                    deleteRecursively(d);
                } catch (NumberFormatException | IOException ignored) {
                    // not ours, or in use
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    static Path defaultDir(String name) {
        String base = System.getProperty("basedir");
        Path target = base != null ? Paths.get(base, "target") : Paths.get("target");
        return target.toAbsolutePath().resolve("kafka-broker-" + name + "-" + ProcessHandle.current().pid());
    }

    // ---- addresses ----

    public String bootstrap() {
        return "127.0.0.1:" + plainPort;
    }

    public String saslBootstrap() {
        return "127.0.0.1:" + saslPort;
    }

    public String tlsBootstrap() {
        return "127.0.0.1:" + tlsPort;
    }

    /** A TLS listener that requires a client certificate: {@link #caPem()} with {@link #clientKeyPem()}. */
    public String mtlsBootstrap() {
        return "127.0.0.1:" + mtlsPort;
    }

    /** The PKCS#8 PEM private key of {@link #caPem()}, which the mutual TLS listener accepts as a client certificate. */
    public String clientKeyPem() {
        return keyPem;
    }

    /** The broker's self-signed certificate, PEM encoded: the root CA a TLS client must trust. */
    public String caPem() {
        return caPem;
    }

    /** An unsigned JWT for {@link #USER} that the broker's OAUTHBEARER listener accepts. */
    public static String unsecuredToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + USER + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    public Path dataDir() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    // ---- lifecycle ----

    private void prepare() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        makeCertificate();
        Files.writeString(dir.resolve("server.properties"), serverProperties(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level %%logger{36} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                  <logger name="kafka.server.KafkaServer" level="INFO"/>
                  <logger name="kafka.server.BrokerServer" level="INFO"/>
                </configuration>
                """.formatted(dir.resolve("broker-app.log")), StandardCharsets.UTF_8);
        String clusterId = Uuid.randomUuid().toString();
        String[] format = {"format", "-t", clusterId, "-c", dir.resolve("server.properties").toString(), "--ignore-formatted",
                "--add-scram", "SCRAM-SHA-256=[name=" + USER + ",password=" + PASSWORD + "]",
                "--add-scram", "SCRAM-SHA-512=[name=" + USER + ",password=" + PASSWORD + "]"};
        // Formatting runs in this JVM (it only writes files); the broker itself runs in its own.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(format, ps);
        }
        Files.writeString(dir.resolve("format.log"), out.toString(StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("Kafka storage format failed with exit code " + rc + ": " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private void launch() throws Exception {
        launch0();
        awaitReady(Duration.ofSeconds(60));
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue() + " while starting: " + tail(logFile()));
            }
            try (Admin admin = admin()) {
                // The broker answers metadata requests once it is registered and unfenced.
                if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) return;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the Kafka broker did not become ready within " + timeout.toSeconds() + "s"
                + (last == null ? "" : " (last error: " + last.getMessage() + ")") + ": " + tail(logFile()));
    }

    /** Kills the broker process (as a crash would), keeping its data and ports for {@link #restart()}. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker gracefully (SIGTERM), keeping its data and ports for {@link #restart()}. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the broker again on the same ports and data after {@link #stop()} or {@link #kill()}. */
    public synchronized void restart() throws Exception {
        if (process != null && process.isAlive()) return;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            launch0();
            try {
                awaitReady(Duration.ofSeconds(60));
                return;
            } catch (IllegalStateException e) {
                // The old process's listening ports can take a moment to be released.
                if (System.nanoTime() > deadline || !tail(logFile()).contains("Address already in use")) throw e;
                Thread.sleep(500);
            }
        }
    }

    private void launch0() throws IOException {
        List<String> cmd = javaCommand("kafka.Kafka");
        cmd.add(dir.resolve("server.properties").toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) process.destroyForcibly();
        }
    }

    // ---- helpers for tests ----

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }

    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw new IllegalStateException("could not create topic " + name, e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    // ---- setup ----

    private String serverProperties() {
        String jaasPlain = "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"" + USER + "\" password=\"" + PASSWORD + "\" user_" + USER + "=\"" + PASSWORD + "\";";
        String jaasScram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                + ",SSL://127.0.0.1:" + tlsPort + ",MTLS://127.0.0.1:" + mtlsPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                + ",SSL://127.0.0.1:" + tlsPort + ",MTLS://127.0.0.1:" + mtlsPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,MTLS:SSL,CONTROLLER:PLAINTEXT");
        // Mutual TLS: clients must present a certificate the broker trusts (its own, see clientKeyPem()).
        props.put("listener.name.mtls.ssl.client.auth", "required");
        props.put("listener.name.mtls.ssl.truststore.location", dir.resolve("trust.p12").toString());
        props.put("listener.name.mtls.ssl.truststore.type", "PKCS12");
        props.put("listener.name.mtls.ssl.truststore.password", STORE_PASSWORD);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "2");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        props.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER");
        props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaasPlain);
        props.put("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config", jaasScram);
        props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaasScram);
        // OAUTHBEARER with Kafka's unsecured validator: any unsigned JWT with sub, iat and exp is accepted.
        props.put("listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        props.put("ssl.keystore.location", dir.resolve("broker.p12").toString());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.password", STORE_PASSWORD);
        props.put("ssl.key.password", STORE_PASSWORD);
        props.put("ssl.client.auth", "none");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("log.cleaner.enable", "false");
        StringBuilder sb = new StringBuilder();
        props.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return sb.toString();
    }

    private void makeCertificate() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create();
        cert.writePkcs12(dir.resolve("broker.p12"), STORE_PASSWORD);
        caPem = cert.pem();
        keyPem = cert.keyPem();
        cert.writeTrustStore(dir.resolve("trust.p12"), STORE_PASSWORD);
        Files.writeString(dir.resolve("ca.pem"), caPem, StandardCharsets.UTF_8);
    }

    private List<String> javaCommand(String mainClass) throws IOException {
        String java = System.getProperty("sluice.kafka.java",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xms128m");
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC");
        if (quickStart) {
            // Tests: a broker that starts fast matters more than its peak throughput. No class data archive of
            // its own: the broker would write it as it exits, which took 3 to 14 s on a busy machine, inside a
            // test's stop() or the test JVM's exit, on every clean checkout (the archive lived in target/).
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
        cmd.add("-cp");
        cmd.add(brokerClassPath());
        cmd.add(mainClass);
        return cmd;
    }

    /** The jars of this JVM's class path, with a manifest-only jar (as Surefire uses) expanded into its entries. */
    static String brokerClassPath() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            File f = new File(entry);
            if (f.isFile() && entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(f)) {
                    Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null && !cp.isBlank()) {
                        for (String u : cp.trim().split("\\s+")) {
                            try {
                                out.add(Paths.get(new URI(u).isAbsolute() ? new URI(u)
                                        : f.getParentFile().toURI().resolve(u)).toString());
                            } catch (Exception e) {
                                out.add(u);
                            }
                        }
                    }
                }
            }
            out.add(f.getAbsolutePath());
        }
        // The broker needs only jars (Kafka, Scala, logging); directories would also stop the JVM's class data archive.
        out.removeIf(e -> !e.endsWith(".jar") || e.contains("surefirebooter") || !new File(e).isFile());
        return String.join(File.pathSeparator, out);
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) s.close();
        }
        return ports;
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) return "(no log)";
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    /**
     * Starts a broker and keeps it running until this process is stopped (Ctrl-C) or its standard
     * input is closed. Prints {@code bootstrap=HOST:PORT} once the broker is ready.
     * Arguments: {@code [dataDir] [heap]}.
     */
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Paths.get(args[0]).toAbsolutePath() : defaultDir("main");
        String heap = args.length > 1 ? args[1] : "1g";
        long t0 = System.nanoTime();
        KafkaBroker b = start(dir, heap, false);
        Runtime.getRuntime().addShutdownHook(new Thread(b::close));
        System.out.println("bootstrap=" + b.bootstrap());
        System.out.println("started in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; data in " + dir);
        System.out.flush();
        while (System.in.read() >= 0) {
            // keep running until stdin closes
        }
        b.close();
    }
}
