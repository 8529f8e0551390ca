package io.sluice.console;

import io.sluice.console.auth.LoginThrottle;
import io.sluice.console.auth.PasswordHasher;
import io.sluice.console.dashboard.DashboardServer;
import io.sluice.console.gatewayapi.KeyIssuer;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.portal.PortalServer;
import io.sluice.console.store.ConsoleStore;
import io.sluice.console.store.Database;
import io.sluice.console.store.User;
import io.sluice.console.web.BrowserSessions;
import io.sluice.console.webhook.AddressPolicy;
import io.sluice.console.webhook.RetrySchedule;
import io.sluice.console.webhook.WebhookDispatcher;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.gateway.Gateway;
import io.sluice.gateway.config.DashboardConfig;
import io.sluice.gateway.config.PortalConfig;
import io.sluice.gateway.runtime.BlockingWork;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard (API owners) and the developer portal (API consumers), running in the gateway's process on the
 * gateway's event loops, with their own database. Both talk to the gateway through its management API.
 */
public final class Console implements AutoCloseable {

    static final String DEFAULT_ADMIN = "admin@sluice.local";
    static final Path EMBEDDED_DIRECTORY = Path.of("sluice-data");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final ConsoleStore store;
    private final ManagementClient gateway;
    private final WebhookDispatcher dispatcher;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> banner = new ArrayList<>();
    private int dashboardPort;
    private int portalPort;
    private String adminEmail;
    private String portalSecret;

    private Console(ConsoleStore store, ManagementClient gateway, WebhookDispatcher dispatcher) {
        this.store = store;
        this.gateway = gateway;
        this.dispatcher = dispatcher;
    }

    /** Starts what the configuration enables; null when both the dashboard and the portal are off (port 0). */
    public static Console start(Gateway gatewayProcess) {
        DashboardConfig dashboard = gatewayProcess.config().dashboard();
        PortalConfig portal = gatewayProcess.config().portal();
        if (dashboard.listenPort() == 0 && portal.listenPort() == 0) {
            return null;
        }
        Vertx vertx = gatewayProcess.services().vertx();
        BlockingWork blocking = gatewayProcess.services().blocking();
        boolean embedded = dashboard.databaseUrl() == null || dashboard.databaseUrl().isBlank();
        String url = embedded ? Database.embeddedUrl(EMBEDDED_DIRECTORY) : dashboard.databaseUrl();
        ConsoleStore store = Database.open(url, dashboard.databaseUser(), dashboard.databasePassword(), null);
        AddressPolicy addresses;
        RetrySchedule retries;
        try {
            addresses = AddressPolicy.parse(portal.webhookAllow());
            retries = new RetrySchedule(portal.webhookMaxAttempts(), seconds(portal.webhookRetrySeconds()), seconds(portal.webhookRetryMaxSeconds()));
        } catch (IllegalArgumentException e) {
            store.close();
            throw e;
        }
        WebhookDispatcher dispatcher = portal.listenPort() == 0 ? null
                : new WebhookDispatcher(store, addresses, retries, seconds(portal.webhookTimeoutSeconds()));
        String host = gatewayProcess.config().listenAddress();
        host = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        ManagementClient client = new ManagementClient(vertx, host, gatewayProcess.port(), gatewayProcess.secret());
        String gatewayUrl = "http://" + host + ":" + gatewayProcess.port();
        Console console = new Console(store, client, dispatcher);
        try {
            String databaseLine = "Console database: " + (embedded ? "embedded H2 file " + EMBEDDED_DIRECTORY.resolve("console.mv.db")
                    : url.replaceAll("\\?.*", ""));
            PasswordHasher hasher = new PasswordHasher();
            KeyIssuer issuer = new KeyIssuer(client);
            ComponentRegistry registry = ComponentRegistry.global();
            console.portalSecret = portal.apiSecret() != null && !portal.apiSecret().isBlank() ? portal.apiSecret()
                    : store.settingOrPut("portal_api_secret", randomHex(24));
            String portalUrl = "http://" + portal.listenAddress() + ":" + portal.listenPort();
            if (portal.listenPort() != 0) {
                BrowserSessions sessions = new BrowserSessions(vertx, "portal", User.Role.DEVELOPER, store, hasher,
                        new LoginThrottle(gatewayProcess.services().storage().counters(), "portal", 10, 60, 5 * 60_000), blocking);
                Router router = PortalServer.router(vertx, sessions, store, blocking, client, issuer, registry, hasher, addresses,
                        dispatcher, console.portalSecret, gatewayUrl);
                console.portalPort = console.listen(vertx, router, portal.listenAddress(), portal.listenPort(), "portal.listen_port");
                portalUrl = "http://" + portal.listenAddress() + ":" + console.portalPort;
                dispatcher.start();
                console.banner.add("Developer portal: " + portalUrl + "/  (portal_webhook outputs: portal_url " + portalUrl
                        + ", secret " + console.portalSecret + ")");
            }
            if (dashboard.listenPort() != 0) {
                console.adminEmail = dashboard.adminEmail() == null || dashboard.adminEmail().isBlank() ? DEFAULT_ADMIN : dashboard.adminEmail().trim();
                String login = ensureAdmin(store, hasher, console.adminEmail, dashboard.adminPassword());
                BrowserSessions sessions = new BrowserSessions(vertx, "dashboard", User.Role.ADMIN, store, hasher,
                        new LoginThrottle(gatewayProcess.services().storage().counters(), "dashboard", 5, 30, 5 * 60_000), blocking);
                Router router = DashboardServer.router(vertx, sessions, client, issuer, store, gatewayProcess.services(), gatewayProcess, registry,
                        gatewayUrl, portalUrl, console.portalSecret);
                console.dashboardPort = console.listen(vertx, router, dashboard.listenAddress(), dashboard.listenPort(), "dashboard.listen_port");
                console.banner.add(0, "Dashboard: http://" + dashboard.listenAddress() + ":" + console.dashboardPort + "/  (" + login + ")");
            }
            console.banner.add(databaseLine);
        } catch (RuntimeException e) {
            console.close();
            throw e;
        }
        return console;
    }

    /** Creates the admin login when missing; with a configured password, (re)sets it. Says how to log in. */
    private static String ensureAdmin(ConsoleStore store, PasswordHasher hasher, String email, String configuredPassword) {
        var existing = store.userByEmail(email);
        boolean configured = configuredPassword != null && !configuredPassword.isEmpty();
        if (configured) {
            if (existing.isEmpty()) {
                store.createUser(email, hasher.hash(configuredPassword), User.Role.ADMIN);
            } else if (!hasher.verify(configuredPassword, existing.get().passwordHash())) {
                store.updatePassword(existing.get().id(), hasher.hash(configuredPassword));
            }
            return "log in as " + email + " with the password from SLUICE_GW_DASHBOARD_ADMIN_PASSWORD / dashboard.admin_password";
        }
        if (existing.isPresent()) {
            return "log in as " + email + " with the password printed when it was created; set SLUICE_GW_DASHBOARD_ADMIN_PASSWORD to reset it";
        }
        String password = randomPassword();
        store.createUser(email, hasher.hash(password), User.Role.ADMIN);
        return "log in as " + email + " / " + password + " — created now; set SLUICE_GW_DASHBOARD_ADMIN_EMAIL and _PASSWORD to choose";
    }

    private int listen(Vertx vertx, Router router, String address, int port, String setting) {
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, address)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            servers.add(server);
            return server.actualPort();
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot listen on " + address + ":" + port + " (" + setting + "; 0 turns it off): " + cause.getMessage(), e);
        }
    }

    /** What the launcher prints: where the dashboard and the portal are and how to log in. */
    public List<String> banner() {
        return List.copyOf(banner);
    }

    public int dashboardPort() {
        return dashboardPort;
    }

    public int portalPort() {
        return portalPort;
    }

    public String adminEmail() {
        return adminEmail;
    }

    /** The secret {@code portal_webhook} outputs sign with. */
    public String portalSecret() {
        return portalSecret;
    }

    public ConsoleStore store() {
        return store;
    }

    /** Stops the servers, the webhook sender and the database. Also after the gateway stopped (its event loops gone). */
    @Override
    public void close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (HttpServer server : servers) {
            try {
                closing.add(server.close());
            } catch (RuntimeException alreadyClosed) {
                // closed with the gateway's event loops
            }
        }
        try {
            Future.join(closing).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // stopping anyway
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        gateway.close();
        store.close();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
