package io.sluice.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Integration tests talk to real services. When one is unreachable the test FAILS and names it,
 * unless {@code -Dsluice.it.required=false} (then it is skipped). Never skips silently.
 */
public final class Services {
    private Services() {
    }

    /** {@code sluice.it.required}, true unless set otherwise. */
    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty("sluice.it.required", "true"));
    }

    /** Fails (or, with -Dsluice.it.required=false, skips) when {@code name} does not answer on host:port. */
    public static void require(String name, String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2_000);
        } catch (IOException e) {
            unavailable(name + " is not reachable at " + host + ":" + port + " (" + e.getMessage() + ")");
        }
    }

    /** Fails with {@code what} (or skips when integration tests are not required). */
    public static void unavailable(String what) {
        String msg = what + "; start it, or run with -Dsluice.it.required=false to skip integration tests";
        if (required()) Assertions.fail(msg);
        Assumptions.abort(msg);
    }
}
