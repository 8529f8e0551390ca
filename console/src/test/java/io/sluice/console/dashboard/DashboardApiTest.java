package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.console.support.BrowserClient;
import io.sluice.console.support.RunningConsole;
import io.sluice.gateway.runtime.GatewayJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.sluice.console.support.RunningConsole.ADMIN_EMAIL;
import static io.sluice.console.support.RunningConsole.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's API as the browser app uses it: sessions, CSRF, rate-limited logins, and the API owner's work. */
class DashboardApiTest {

    @TempDir
    static Path directory;
    static RunningConsole running;

    @BeforeAll
    static void start() {
        running = RunningConsole.embedded(directory);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private BrowserClient admin() throws Exception {
        BrowserClient client = new BrowserClient(running.dashboardUrl(), "dashboard");
        assertThat(client.login(ADMIN_EMAIL, ADMIN_PASSWORD).status()).isEqualTo(200);
        return client;
    }

    @Test
    void the_session_cookie_is_http_only_and_same_site_strict_and_renewed_at_login() throws Exception {
        BrowserClient client = new BrowserClient(running.dashboardUrl(), "dashboard");
        BrowserClient.Answer first = client.get("/api/session");
        String session = first.setCookies().stream().filter(c -> c.startsWith("sluice_dashboard_session=")).findFirst().orElseThrow();
        assertThat(session).contains("HTTPOnly").contains("SameSite=Strict").contains("Path=/");
        String before = client.cookie("sluice_dashboard_session");

        client.post("/api/login", "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");

        assertThat(client.cookie("sluice_dashboard_session")).as("a new session id after login").isNotEqualTo(before);
        assertThat(client.get("/api/session").json().path("user").path("email").asText()).isEqualTo(ADMIN_EMAIL);
    }

    @Test
    void changes_without_the_csrf_token_are_refused_even_with_a_session() throws Exception {
        BrowserClient client = admin();

        BrowserClient.Answer forged = client.postWithoutCsrf("/api/policies", "{\"name\":\"forged\",\"api_ids\":[\"demo-echo\"]}");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().path("error").asText()).contains("CSRF");
        assertThat(client.get("/api/policies").json().path("policies").toString()).doesNotContain("forged");
    }

    @Test
    void the_api_needs_a_login() throws Exception {
        BrowserClient anonymous = new BrowserClient(running.dashboardUrl(), "dashboard");
        anonymous.get("/api/session");
        assertThat(anonymous.get("/api/apis").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/apis", "{}").status()).isEqualTo(401);
    }

    @Test
    void logins_are_rate_limited_per_account() throws Exception {
        BrowserClient client = new BrowserClient(running.dashboardUrl(), "dashboard");
        client.get("/api/session");
        String wrong = "{\"email\":\"nobody-" + System.nanoTime() + "@example.com\",\"password\":\"guess\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(client.post("/api/login", wrong).status()).isEqualTo(401);
        }
        BrowserClient.Answer blocked = client.post("/api/login", wrong);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(Long.parseLong(blocked.response().headers().firstValue("Retry-After").orElseThrow())).isPositive();
    }

    @Test
    void the_admin_password_is_stored_as_an_argon2id_hash() {
        assertThat(running.console.store().userByEmail(ADMIN_EMAIL)).get()
                .satisfies(u -> assertThat(u.passwordHash()).startsWith("$argon2id$v=19$").doesNotContain(ADMIN_PASSWORD));
    }

    @Test
    void lint_reports_problems_at_line_and_column_of_the_yaml() throws Exception {
        String yaml = "input:\n  generate:\n    intervall: 1s\n    mapping: root = 1\noutput:\n  http_server:\n    address: 0.0.0.0:4196\n";
        JsonNode problems = admin().post("/api/streams/lint", "{\"yaml\":" + json(yaml) + "}").json().path("problems");

        assertThat(problems.toString()).contains("did you mean 'interval'");
        assertThat(problems.get(0).path("line").asInt()).isEqualTo(3);
        assertThat(problems.get(0).path("column").asInt()).isEqualTo(5);
        assertThat(problems.get(0).path("path").asText()).isEqualTo("input.generate.intervall");

        JsonNode builtProblems = admin().post("/api/streams/lint", "{\"yaml\":" + json(yaml.replace("intervall", "interval")) + "}")
                .json().path("problems");
        assertThat(builtProblems.toString()).as("the component's own check, as the gateway would refuse it").contains("address");
        assertThat(builtProblems.get(0).path("line").asInt()).isEqualTo(7);
    }

    @Test
    void lint_also_reports_what_the_gateway_refuses_in_a_stream_api() throws Exception {
        String yaml = "input:\n  generate:\n    mapping: root = 1\noutput:\n  portal_webhook:\n    event_type: bar\n"
                + "    portal_url: http://127.0.0.1:3001\n    secret: ${PORTAL_SECRET}\n";
        JsonNode problems = admin().post("/api/streams/lint", "{\"yaml\":" + json(yaml) + "}").json().path("problems");

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).path("message").asText()).contains("${PORTAL_SECRET}").contains("environment variable");
        assertThat(problems.get(0).path("line").asInt()).isEqualTo(8);

        JsonNode unsafe = admin().post("/api/streams/lint", "{\"yaml\":" + json("input:\n  generate:\n    mapping: root = 1\noutput:\n  stdout: {}\n") + "}")
                .json().path("problems");
        assertThat(unsafe.toString()).contains("stdout");
        assertThat(unsafe.get(0).path("line").asInt()).isEqualTo(5);
    }

    @Test
    void the_wizard_composes_several_inputs_and_outputs_into_brokers() throws Exception {
        String choices = """
                {"inputs": [{"name": "generate", "config": {"mapping": "root = 1", "interval": "1s", "count": 0}},
                            {"name": "generate", "config": {"mapping": "root = 2"}}],
                 "processor": {"name": "mapping", "config": "root = this"},
                 "outputs": [{"name": "http_server", "config": {"ws_path": "/ws", "path": "/get"}}, {"name": "drop", "config": {}}]}
                """;
        String yaml = admin().post("/api/streams/compose", choices).json().path("yaml").asText();

        assertThat(yaml).contains("broker:").contains("inputs:").contains("pattern: fan_out").contains("ws_path: /ws")
                .contains("- mapping: root = this").doesNotContain("interval").doesNotContain("count").doesNotContain("path: /get");
        assertThat(admin().post("/api/streams/lint", "{\"yaml\":" + json(yaml) + "}").json().path("problems")).isEmpty();
    }

    @Test
    void the_component_specs_drive_the_forms() throws Exception {
        JsonNode catalog = admin().get("/api/components").json();
        JsonNode generate = find(catalog.path("inputs"), "generate");
        assertThat(find(generate.path("config").path("children"), "mapping").path("type").asText()).isEqualTo("bloblang");
        assertThat(find(generate.path("config").path("children"), "interval").path("default").asText()).isEqualTo("1s");
        assertThat(find(catalog.path("outputs"), "portal_webhook").path("config").path("children").toString())
                .contains("event_type").contains("portal_url").contains("secret");
        assertThat(catalog.path("inputs").toString()).doesNotContain("\"stdin\"");
    }

    @Test
    void an_owner_saves_a_stream_api_creates_a_policy_and_a_key_under_it() throws Exception {
        BrowserClient owner = admin();
        String api = """
                {"name": "Orders feed", "yaml": "input:\\n  generate:\\n    interval: 50ms\\n    mapping: 'root = {\\"n\\": counter()}'\\noutput:\\n  http_server:\\n    path: /next\\n",
                 "authentication": {"type": "api_key"}, "active": true, "internal": false}
                """;
        BrowserClient.Answer saved = owner.post("/api/apis", api);
        assertThat(saved.status()).as(saved.response().body()).isEqualTo(201);
        String id = saved.json().path("id").asText();
        assertThat(id).startsWith("orders-feed-");
        assertThat(saved.json().path("endpoints").path("get").asText()).isEqualTo("/next");

        String policy = owner.post("/api/policies", "{\"name\":\"Orders gold\",\"api_ids\":[\"" + id + "\"],\"rate\":5,\"per\":60,"
                + "\"quota_max\":100,\"quota_renewal_rate\":3600,\"key_expires_in\":86400}").json().path("id").asText();
        JsonNode key = owner.post("/api/keys", "{\"policy_id\":\"" + policy + "\",\"alias\":\"ops\"}").json();
        String keyId = key.path("key_id").asText();
        assertThat(key.path("key_hash").asText()).isNotBlank().isNotEqualTo(keyId);

        HttpClient http = HttpClient.newHttpClient();
        String listenPath = saved.json().path("listen_path").asText();
        assertThat(listenPath).isEqualTo("/orders-feed/");
        HttpResponse<String> message = http.send(HttpRequest.newBuilder(URI.create(running.gatewayUrl() + listenPath + "next"))
                .header("Authorization", keyId).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(message.statusCode()).as(message.body()).isEqualTo(200);
        assertThat(message.body()).contains("\"n\"");
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(running.gatewayUrl() + listenPath + "next")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);

        JsonNode keys = owner.get("/api/keys").json().path("keys");
        assertThat(keys.toString()).contains(key.path("key_hash").asText()).contains(policy);
        assertThat(owner.get("/api/apis/" + id).json().path("authentication").path("type").asText()).isEqualTo("api_key");
    }

    @Test
    void a_definition_the_gateway_refuses_is_not_saved_and_its_reason_is_shown() throws Exception {
        BrowserClient owner = admin();
        String api = "{\"name\": \"Broken\", \"yaml\": \"input:\\n  generate:\\n    mapping: root = \\n\", \"active\": true}";
        BrowserClient.Answer refused = owner.post("/api/apis", api);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).contains("output");
        assertThat(owner.get("/api/apis").json().toString()).doesNotContain("\"Broken\"");
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private static String json(String text) throws Exception {
        return GatewayJson.MAPPER.writeValueAsString(text);
    }
}
