package io.sluice.gateway;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With nothing configured: memory storage, a generated secret, and a demo API created in a missing app_path. */
class EmbeddedDefaultTest {

    @TempDir
    Path dir;

    @Test
    void startsWithDemoApiAndGeneratedSecret() throws Exception {
        Path apps = dir.resolve("apps");
        try (Gateway gateway = Gateway.start(GatewayConfig.defaults().withListenPort(0).withAppPath(apps.toString()))) {
            assertThat(gateway.secretGenerated()).isTrue();
            assertThat(gateway.secret()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(Files.exists(apps.resolve("demo-echo.json"))).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> echo = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/demo/hello?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(Json.read(echo.body()).get("path").asText()).isEqualTo("/sluice/echo/hello");
            HttpResponse<String> keys = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/tyk/keys"))
                    .header("x-tyk-authorization", gateway.secret()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(keys.statusCode()).isEqualTo(200);
        }
    }
}
