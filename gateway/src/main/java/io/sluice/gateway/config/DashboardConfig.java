package io.sluice.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The dashboard for API owners, served by the gateway process when the {@code console} module is on the class path.
 *
 * @param listenAddress    interface to bind; loopback by default, since the dashboard administers the gateway
 * @param listenPort       3000 by default; 0 turns the dashboard off
 * @param adminEmail       the admin login created at first start ({@code admin@sluice.local} when empty)
 * @param adminPassword    its password: when empty one is generated and printed once, when set the admin's password is
 *                         (re)set to it at start
 * @param databaseUrl      JDBC URL of the database holding users, the portal catalogue, apps, webhook subscriptions and
 *                         deliveries ({@code jdbc:postgresql://...}); empty: an embedded H2 file under {@code ./sluice-data}
 * @param databaseUser     user for {@code database_url}
 * @param databasePassword password for {@code database_url}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DashboardConfig(
        @JsonProperty("listen_address") String listenAddress,
        @JsonProperty("listen_port") int listenPort,
        @JsonProperty("admin_email") String adminEmail,
        @JsonProperty("admin_password") String adminPassword,
        @JsonProperty("database_url") String databaseUrl,
        @JsonProperty("database_user") String databaseUser,
        @JsonProperty("database_password") String databasePassword) {

    public static DashboardConfig defaults() {
        return new DashboardConfig("127.0.0.1", 3000, "", "", "", "", "");
    }

    public DashboardConfig withListenPort(int port) {
        return new DashboardConfig(listenAddress, port, adminEmail, adminPassword, databaseUrl, databaseUser, databasePassword);
    }

    public DashboardConfig withAdmin(String email, String password) {
        return new DashboardConfig(listenAddress, listenPort, email, password, databaseUrl, databaseUser, databasePassword);
    }

    public DashboardConfig withDatabase(String url, String user, String password) {
        return new DashboardConfig(listenAddress, listenPort, adminEmail, adminPassword, url, user, password);
    }
}
