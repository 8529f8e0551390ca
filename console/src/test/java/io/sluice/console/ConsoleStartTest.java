package io.sluice.console;

import io.sluice.console.store.Database;
import io.sluice.console.support.BrowserClient;
import io.sluice.console.support.RunningConsole;
import io.sluice.gateway.Gateway;
import io.sluice.gateway.GatewayCompanion;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.GatewayConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** How the launcher starts the console: found as a companion, configured by the gateway config and its variables. */
class ConsoleStartTest {

    @TempDir
    Path directory;

    @Test
    void the_dashboard_and_portal_settings_come_from_the_environment() {
        GatewayConfig config = GatewayConfigLoader.load(null, Map.of(
                "SLUICE_GW_DASHBOARD_LISTEN_PORT", "0",
                "SLUICE_GW_DASHBOARD_ADMIN_EMAIL", "boss@example.com",
                "SLUICE_GW_DASHBOARD_ADMIN_PASSWORD", "s3cret-s3cret",
                "SLUICE_GW_PORTAL_LISTEN_PORT", "4001",
                "SLUICE_GW_PORTAL_WEBHOOK_ALLOW", "loopback"));

        assertThat(config.dashboard().listenPort()).isZero();
        assertThat(config.dashboard().adminEmail()).isEqualTo("boss@example.com");
        assertThat(config.dashboard().adminPassword()).isEqualTo("s3cret-s3cret");
        assertThat(config.portal().listenPort()).isEqualTo(4001);
        assertThat(config.portal().webhookAllow()).isEqualTo("loopback");
        assertThat(GatewayConfig.defaults().dashboard().listenPort()).isEqualTo(3000);
        assertThat(GatewayConfig.defaults().portal().listenPort()).isEqualTo(3001);
        assertThat(GatewayConfig.defaults().dashboard().listenAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void the_launcher_finds_the_console_and_prints_the_admin_login_it_created() throws Exception {
        GatewayConfig config = GatewayConfig.defaults().withListenPort(0).withAppPath(directory.resolve("apps").toString())
                .withDashboard(GatewayConfig.defaults().dashboard().withListenPort(RunningConsole.freePort())
                        .withDatabase(Database.embeddedUrl(directory), "", ""))
                .withPortal(GatewayConfig.defaults().portal().withListenPort(RunningConsole.freePort()));
        Gateway gateway = Gateway.start(config);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<AutoCloseable> companions = GatewayCompanion.startAll(gateway, new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            String out = printed.toString(StandardCharsets.UTF_8);
            Matcher login = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+)/ +\\(log in as (\\S+) / (\\S+) ").matcher(out);
            assertThat(login.find()).as(out).isTrue();
            assertThat(login.group(2)).isEqualTo("admin@sluice.local");
            assertThat(out).contains("Developer portal: http://127.0.0.1:").contains("portal_webhook outputs: portal_url");

            BrowserClient admin = new BrowserClient(login.group(1), "dashboard");
            assertThat(admin.login(login.group(2), login.group(3)).status()).isEqualTo(200);
        } finally {
            gateway.stop();
            GatewayCompanion.stopAll(companions);
        }
    }

    @Test
    void port_zero_turns_both_off() {
        GatewayConfig config = GatewayConfig.defaults().withListenPort(0).withAppPath(directory.resolve("apps").toString())
                .withDashboard(GatewayConfig.defaults().dashboard().withListenPort(0))
                .withPortal(GatewayConfig.defaults().portal().withListenPort(0));
        Gateway gateway = Gateway.start(config);
        try {
            assertThat(Console.start(gateway)).isNull();
        } finally {
            gateway.stop();
        }
    }
}
