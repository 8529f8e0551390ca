package io.sluice.console.browser;

import io.sluice.console.support.RunningConsole;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The browser tests ({@code src/test/e2e/*.mjs}): Playwright drives Debian's Chromium (never a downloaded browser)
 * through the dashboard and the portal of a gateway started here, with axe-core on every page and screenshots.
 * Needs {@code /usr/bin/chromium} ({@code apt-get install chromium}) and Node; npm packages go to {@code target/e2e}.
 * Screenshots are written to {@code target/screenshots}; with {@code -Dsluice.screenshots.update=true} (or when the
 * documentation has none yet) they also replace those in {@code docs/screenshots} at the repository root.
 */
class BrowserEndToEndTest {

    private static final Path E2E = Path.of("target", "e2e").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static final Path DOCS = Path.of("..", "docs", "screenshots").toAbsolutePath().normalize();
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    @TempDir
    Path directory;

    @BeforeAll
    static void installTools() throws Exception {
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            fail("Debian's Chromium is missing at " + CHROMIUM + ": apt-get install -y chromium (./test.sh installs it)");
        }
        if (!onPath("node") || !onPath("npm")) {
            fail("Node and npm are needed for the browser tests: apt-get install -y nodejs npm");
        }
        Files.createDirectories(E2E);
        Path sources = Path.of("src", "test", "e2e");
        try (var files = Files.list(sources)) {
            for (Path file : files.toList()) {
                Files.copy(file, E2E.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(E2E.resolve("node_modules/playwright-core")) || !Files.isDirectory(E2E.resolve("node_modules/axe-core"))
                || !Files.isDirectory(E2E.resolve("node_modules/ws"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 180, "npm install (playwright-core, axe-core, ws)");
        }
    }

    @Test
    void the_quick_start_from_login_to_a_key_then_a_websocket_client_receives_the_messages() throws Exception {
        try (RunningConsole running = RunningConsole.embedded(directory)) {
            String output = runScript("quickstart.mjs", running);
            assertThat(output).contains("PASS quickstart");
            String keyHash = output.replaceAll("(?s).*key_hash=(\\S+).*", "$1");
            String apiId = output.replaceAll("(?s).*api_id=(\\S+).*", "$1");
            assertThat(running.gateway.apis().find(apiId)).as("the API saved in the browser is stored in the gateway").isPresent();
            assertThat(running.gateway.services().storage().keys().find(keyHash).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS)).as("the key created in the browser").isPresent();
        }
        publishScreenshots();
    }

    @Test
    void the_portal_from_sign_up_to_signed_webhooks_with_retries_dead_letters_and_replay() throws Exception {
        try (RunningConsole running = RunningConsole.postgres(directory)) {
            String output = runScript("portal.mjs", running);
            assertThat(output).contains("PASS portal");
        }
        publishScreenshots();
    }

    private static String runScript(String script, RunningConsole running) throws Exception {
        return run(List.of("node", script), Map.of(
                "DASHBOARD_URL", running.dashboardUrl(),
                "PORTAL_URL", running.portalUrl(),
                "GATEWAY_URL", running.gatewayUrl(),
                "ADMIN_EMAIL", RunningConsole.ADMIN_EMAIL,
                "ADMIN_PASSWORD", RunningConsole.ADMIN_PASSWORD,
                "PORTAL_SECRET", running.console.portalSecret(),
                "SCREENSHOTS_DIR", SCREENSHOTS.toString(),
                "CHROMIUM", CHROMIUM), 240, "node " + script);
    }

    /** Runs a command in target/e2e; fails with its output unless it exits 0 in time. Returns the output. */
    private static String run(List<String> command, Map<String, String> environment, int seconds, String what) throws Exception {
        Path log = Files.createTempFile(E2E, "run-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println("---- " + what + " ----\n" + output);
        if (!finished) {
            fail(what + " did not finish within " + seconds + " s:\n" + output);
        }
        if (process.exitValue() != 0) {
            fail(what + " failed (exit " + process.exitValue() + "); screenshots of the failure are in " + SCREENSHOTS + ":\n" + output);
        }
        return output;
    }

    private static void publishScreenshots() throws IOException {
        if (!Files.isDirectory(SCREENSHOTS)) {
            return;
        }
        boolean update = Boolean.getBoolean("sluice.screenshots.update");
        List<Path> shots = new ArrayList<>();
        try (var files = Files.list(SCREENSHOTS)) {
            files.filter(f -> f.getFileName().toString().endsWith(".png") && !f.getFileName().toString().startsWith("failure-")).forEach(shots::add);
        }
        for (Path shot : shots) {
            Path target = DOCS.resolve(shot.getFileName());
            if (update || !Files.exists(target)) {
                Files.createDirectories(DOCS);
                Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
