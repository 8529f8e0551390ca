package io.sluice.gateway.support;

import org.junit.jupiter.api.Assumptions;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Redis tests use the machine's Redis at 127.0.0.1:6379. With {@code sluice.it.required=true} (the default)
 * an unreachable Redis fails them, naming Redis; with {@code false} they are skipped.
 */
public final class RedisRequirement {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;

    private RedisRequirement() {
    }

    public static void check() {
        String problem = ping();
        if (problem == null) {
            return;
        }
        String message = "Redis at " + HOST + ":" + PORT + " is unreachable (" + problem + "); start Redis, "
                + "or run with -Dsluice.it.required=false to skip the Redis tests";
        if (Boolean.parseBoolean(System.getProperty("sluice.it.required", "true"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    private static String ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = new byte[16];
            InputStream in = socket.getInputStream();
            int n = in.read(answer);
            String text = n > 0 ? new String(answer, 0, n, StandardCharsets.US_ASCII) : "";
            return text.startsWith("+PONG") ? null : "unexpected answer to PING: " + text.trim();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
