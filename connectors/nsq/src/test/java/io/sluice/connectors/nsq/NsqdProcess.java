package io.sluice.connectors.nsq;

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
 * Starts a real {@code nsqd} (and optionally {@code nsqlookupd}) on free loopback ports, with its
 * data under {@code target/}. The binaries come from the official NSQ release (they are in no
 * Debian, npm or Maven Central package this project can install): set {@code -Dnsqd.bin=/path/nsqd}
 * (and {@code -Dnsqlookupd.bin}), or the {@code NSQD_BIN} / {@code NSQLOOKUPD_BIN} environment
 * variables, or put them on the PATH. When none is found the tests fail and say so.
 */
final class NsqdProcess implements AutoCloseable {
    final int tcpPort;
    final int httpPort;
    private final List<String> args;
    private final String binary;
    private final Path dir;
    private Process process;

    private NsqdProcess(String binary, int tcpPort, int httpPort, List<String> args, Path dir) {
        this.binary = binary;
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
        this.args = args;
        this.dir = dir;
    }

    static String find(String name, String property, String env) {
        String p = System.getProperty(property);
        if (p == null || p.isBlank()) p = System.getenv(env);
        if (p != null && !p.isBlank()) {
            if (new File(p).canExecute()) return p;
            throw new IllegalStateException(name + " at " + p + " (from " + property + "/" + env + ") is not executable");
        }
        String path = System.getenv("PATH");
        if (path != null) for (String d : path.split(File.pathSeparator)) if (new File(d, name).canExecute()) return new File(d, name).getPath();
        throw new IllegalStateException(name + " was not found: NSQ is not packaged for Debian, npm or Maven Central; put the official release's "
                + name + " on the PATH or pass -D" + property + "=/path/" + name);
    }

    static NsqdProcess nsqd(String lookupdTcp) throws Exception {
        String bin = find("nsqd", "nsqd.bin", "NSQD_BIN");
        int tcp = TestKit.freePort(), http = TestKit.freePort();
        Path dir = Path.of("target", "nsqd-" + tcp);
        Files.createDirectories(dir);
        List<String> a = new ArrayList<>(List.of("--tcp-address=127.0.0.1:" + tcp, "--http-address=127.0.0.1:" + http,
                "--broadcast-address=127.0.0.1", "--data-path=" + dir.toAbsolutePath()));
        if (lookupdTcp != null) a.add("--lookupd-tcp-address=" + lookupdTcp);
        NsqdProcess p = new NsqdProcess(bin, tcp, http, a, dir);
        p.start();
        return p;
    }

    static NsqdProcess nsqlookupd() throws Exception {
        String bin = find("nsqlookupd", "nsqlookupd.bin", "NSQLOOKUPD_BIN");
        int tcp = TestKit.freePort(), http = TestKit.freePort();
        Path dir = Path.of("target", "nsqlookupd-" + tcp);
        Files.createDirectories(dir);
        NsqdProcess p = new NsqdProcess(bin, tcp, http, List.of("--tcp-address=127.0.0.1:" + tcp, "--http-address=127.0.0.1:" + http,
                "--broadcast-address=127.0.0.1"), dir);
        p.start();
        return p;
    }

    String tcpAddress() {
        return "127.0.0.1:" + tcpPort;
    }

    String httpAddress() {
        return "127.0.0.1:" + httpPort;
    }

    void start() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", tcpPort), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) throw new IllegalStateException(binary + " exited with " + process.exitValue() + ", see " + dir);
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(binary + " did not listen on " + tcpPort + " within 10s");
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
