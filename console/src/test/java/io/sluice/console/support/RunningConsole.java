package io.sluice.console.support;

import io.sluice.console.Console;
import io.sluice.console.store.Database;
import io.sluice.gateway.Gateway;
import io.sluice.gateway.config.DashboardConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.PortalConfig;
import io.sluice.testkit.Services;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.UUID;

/**
 * A gateway with its dashboard and portal on free ports, as {@code sluice gateway} runs them: the embedded H2 file in a
 * directory of the test, or the machine's PostgreSQL in a schema of its own (dropped at the end).
 */
public final class RunningConsole implements AutoCloseable {

    public static final String ADMIN_EMAIL = "owner@example.com";
    public static final String ADMIN_PASSWORD = "owner-password-123";
    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";

    public final Gateway gateway;
    public final Console console;
    private final String schema;

    private RunningConsole(Gateway gateway, Console console, String schema) {
        this.gateway = gateway;
        this.console = console;
        this.schema = schema;
    }

    /** The embedded default: an H2 file under {@code dataDirectory}; webhooks to loopback allowed, quick retries. */
    public static RunningConsole embedded(Path dataDirectory) {
        return start(dataDirectory, Database.embeddedUrl(dataDirectory), "", null, 3, 0.2);
    }

    public static RunningConsole embedded(Path dataDirectory, int maxAttempts, double retrySeconds) {
        return start(dataDirectory, Database.embeddedUrl(dataDirectory), "", null, maxAttempts, retrySeconds);
    }

    /** On the machine's PostgreSQL, in a fresh schema. */
    public static RunningConsole postgres(Path appDirectory) {
        Services.require("PostgreSQL", "127.0.0.1", 5432);
        String schema = "sluice_console_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
        return start(appDirectory, POSTGRES_URL + "?currentSchema=" + schema, POSTGRES_USER, schema, 3, 0.2);
    }

    private static RunningConsole start(Path directory, String databaseUrl, String user, String schema, int maxAttempts, double retrySeconds) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        GatewayConfig config = GatewayConfig.defaults()
                .withListenPort(0)
                .withAppPath(directory.resolve("apps").toString())
                .withDashboard(DashboardConfig.defaults().withListenPort(freePort()).withAdmin(ADMIN_EMAIL, ADMIN_PASSWORD)
                        .withDatabase(databaseUrl, user, ""))
                .withPortal(PortalConfig.defaults().withListenPort(freePort()).withWebhooks("loopback", maxAttempts, retrySeconds, 1, 2));
        Gateway gateway = Gateway.start(config);
        try {
            return new RunningConsole(gateway, Console.start(gateway), schema);
        } catch (RuntimeException e) {
            gateway.stop();
            throw e;
        }
    }

    public String dashboardUrl() {
        return "http://127.0.0.1:" + console.dashboardPort();
    }

    public String portalUrl() {
        return "http://127.0.0.1:" + console.portalPort();
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    @Override
    public void close() {
        gateway.stop(); // as the launcher does: streams drain into a portal that still runs
        console.close();
        if (schema != null) {
            try (var connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                 var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (Exception ignored) {
                // best effort: a leftover schema holds no test's state
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
