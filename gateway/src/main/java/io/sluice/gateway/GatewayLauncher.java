package io.sluice.gateway;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.GatewayConfigException;
import io.sluice.gateway.config.GatewayConfigLoader;
import io.sluice.gateway.runtime.GatewayJson;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code sluice gateway [--conf FILE] [--strict]}: loads the configuration, starts the gateway and its
 * {@link GatewayCompanion}s (dashboard, portal), tells the user where they listen (and the management secret when it
 * generated one), and runs until the process is stopped.
 */
public final class GatewayLauncher {

    private GatewayLauncher() {
    }

    /** Blocks until the JVM shuts down; returns the process exit code (0 ok, 1 could not start, 2 bad configuration). */
    public static int run(Path confOrNull, boolean strict) {
        return run(confOrNull, strict, System.getenv(), System.out, System.err);
    }

    static int run(Path confOrNull, boolean strict, Map<String, String> environment, PrintStream out, PrintStream err) {
        GatewayConfig config;
        try {
            GatewayConfigLoader.Loaded loaded = GatewayConfigLoader.loadChecked(confOrNull, environment);
            for (String unknown : loaded.unknownKeys()) err.println("sluice gateway: " + (strict ? "" : "warning: ") + unknown);
            if (strict && !loaded.unknownKeys().isEmpty()) {
                err.println("sluice gateway: refusing to start with unknown settings (--strict)");
                return 2;
            }
            config = loaded.config();
        } catch (GatewayConfigException e) {
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
        out.println("Sluice gateway listening on " + gateway.scheme() + "://" + address + ":" + gateway.port()
                + " (storage: " + config.storage().type() + ", apps: " + config.appDirectory().toAbsolutePath().normalize() + ")");
        out.println("Serving " + gateway.routes().apis().size() + " API(s)"
                + (gateway.problems().isEmpty() ? "" : "; skipped " + gateway.problems().size() + " invalid definition(s), see the log"));
        if (gateway.secretGenerated()) {
            out.println("Management API secret (header x-tyk-authorization): " + gateway.secret());
        }
        printDemoStream(gateway, out);
        List<AutoCloseable> companions;
        try {
            companions = GatewayCompanion.startAll(gateway, out);
        } catch (RuntimeException e) {
            err.println("sluice gateway: " + e.getMessage());
            gateway.stop();
            return 1;
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop(); // first: streams drain while companions (the portal taking webhook events) still run
            GatewayCompanion.stopAll(companions);
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

    /**
     * When the demo stream API is served: with memory storage (keys live as long as the process) creates a key for
     * it and prints it; otherwise prints the request that creates one. Then how to connect with curl and wscat.
     */
    public static void printDemoStream(Gateway gateway, PrintStream out) {
        if (gateway.routes().byId(DemoStreamApi.API_ID).isEmpty()) {
            return;
        }
        String base = gateway.scheme() + "://127.0.0.1:" + gateway.port();
        String key = null;
        // Over TLS the launcher would have to trust the gateway's certificate: it prints the request instead.
        if ("memory".equalsIgnoreCase(gateway.config().storage().type()) && gateway.serverTls() == null) {
            key = createDemoKey(base, gateway.secret());
        }
        out.println();
        out.println("Demo stream API at " + base + DemoStreamApi.LISTEN_PATH + " (one message per second, auth token required)");
        if (key != null) {
            out.println("  Demo key (in memory, gone at restart): " + key);
        } else {
            key = "$KEY";
            out.println("  Create a key (the answer's \"key\"): curl -s -H 'x-tyk-authorization: " + gateway.secret() + "' -d '"
                    + DemoStreamApi.KEY_REQUEST + "' " + base + "/tyk/keys");
        }
        String ws = base.replace("http://", "ws://").replace("https://", "wss://");
        out.println("  Server-Sent Events: curl -N -H 'Authorization: " + key + "' " + base + DemoStreamApi.LISTEN_PATH + "sse");
        // Keys in Tyk's base64 form may hold '+', '/' and '=': escaped in a query string.
        out.println("  WebSocket:          wscat -c '" + ws + DemoStreamApi.LISTEN_PATH + "ws?key="
                + (key.startsWith("$") ? key : URLEncoder.encode(key, StandardCharsets.UTF_8)) + "'");
        out.println("  One message:        curl -H 'Authorization: " + key + "' " + base + DemoStreamApi.LISTEN_PATH + "get");
    }

    private static String createDemoKey(String base, String secret) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/tyk/keys"))
                    .header("x-tyk-authorization", secret)
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(DemoStreamApi.KEY_REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            return GatewayJson.MAPPER.readTree(response.body()).path("key").asText(null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    public static void main(String[] args) {
        Path conf = null;
        boolean strict = false;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--conf") || args[i].equals("-c")) && i + 1 < args.length) {
                conf = Path.of(args[++i]);
            } else if (args[i].startsWith("--conf=")) {
                conf = Path.of(args[i].substring("--conf=".length()));
            } else if (args[i].equals("--strict")) {
                strict = true;
            } else {
                System.err.println("usage: GatewayLauncher [--conf FILE] [--strict]");
                System.exit(2);
            }
        }
        System.exit(run(conf, strict));
    }
}
