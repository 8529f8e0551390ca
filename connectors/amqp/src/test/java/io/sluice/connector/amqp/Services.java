package io.sluice.connector.amqp;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Integration tests talk to real services. When one is unreachable the test fails and names it,
 * unless {@code -Dsluice.it.required=false} (then it is skipped).
 */
final class Services {
    static final String RABBIT_HOST = "127.0.0.1";
    static final int RABBIT_PORT = 5672;

    private Services() {
    }

    static boolean required() {
        return Boolean.parseBoolean(System.getProperty("sluice.it.required", "true"));
    }

    static void require(String name, String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2_000);
        } catch (IOException e) {
            unavailable(name + " at " + host + ":" + port + " is not reachable (" + e.getMessage() + ")");
        }
    }

    static void requireRabbitMq() {
        require("RabbitMQ (AMQP 0.9.1 broker, guest/guest)", RABBIT_HOST, RABBIT_PORT);
    }

    static void unavailable(String what) {
        String msg = what + "; start it, or run with -Dsluice.it.required=false to skip integration tests";
        if (required()) Assertions.fail(msg);
        Assumptions.abort(msg);
    }
}
