package io.sluice.gateway;

import io.sluice.gateway.config.ConfigException;
import io.sluice.gateway.config.ConfigLoader;
import io.sluice.gateway.config.GatewayConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code sluice gateway [--conf FILE]}: loads the configuration, starts the gateway, tells the user
 * where it listens (and the management secret when it generated one), and runs until the process is stopped.
 */
public final class GatewayLauncher {

    private GatewayLauncher() {
    }

    /** Blocks until the JVM shuts down; returns the process exit code (0 ok, 1 could not start, 2 bad configuration). */
    public static int run(Path confOrNull) {
        return run(confOrNull, System.out, System.err);
    }

    static int run(Path confOrNull, PrintStream out, PrintStream err) {
        GatewayConfig config;
        try {
            config = ConfigLoader.load(confOrNull);
        } catch (ConfigException e) {
            err.println("sluice gateway: " + e.getMessage());
            return 2;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (RuntimeException e) {
            err.println("sluice gateway: " + e.getMessage());
            return 1;
        }
        String address = config.listenAddress().isBlank() ? "0.0.0.0" : config.listenAddress();
        out.println("Sluice gateway listening on http://" + address + ":" + gateway.port()
                + " (storage: " + config.storage().type() + ", apps: " + config.appDirectory().toAbsolutePath().normalize() + ")");
        out.println("Serving " + gateway.routes().apis().size() + " API(s)"
                + (gateway.problems().isEmpty() ? "" : "; skipped " + gateway.problems().size() + " invalid definition(s), see the log"));
        if (gateway.secretGenerated()) {
            out.println("Management API secret (header x-tyk-authorization): " + gateway.secret());
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop();
            stopped.countDown();
        }, "sluice-gateway-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gateway.stop();
        }
        return 0;
    }

    public static void main(String[] args) {
        Path conf = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--conf") || args[i].equals("-c")) && i + 1 < args.length) {
                conf = Path.of(args[++i]);
            } else if (args[i].startsWith("--conf=")) {
                conf = Path.of(args[i].substring("--conf=".length()));
            } else {
                System.err.println("usage: GatewayLauncher [--conf FILE]");
                System.exit(2);
            }
        }
        System.exit(run(conf));
    }
}
