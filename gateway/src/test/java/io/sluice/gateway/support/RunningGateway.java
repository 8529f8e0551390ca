package io.sluice.gateway.support;

import io.sluice.gateway.Gateway;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.StorageConfig;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A gateway on a free port with its own app_path, driven over real HTTP. */
public final class RunningGateway implements AutoCloseable {

    public static final String SECRET = "test-secret";

    private final Gateway gateway;
    private final Path appPath;
    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    private RunningGateway(Gateway gateway, Path appPath) {
        this.gateway = gateway;
        this.appPath = appPath;
    }

    public static RunningGateway start(Path appPath, UnaryOperator<GatewayConfig> tweak, ApiDocs... apis) throws IOException {
        Files.createDirectories(appPath);
        for (ApiDocs api : apis) {
            Files.writeString(appPath.resolve(api.ext().path("info").path("id").asText() + ".json"), api.json());
        }
        GatewayConfig config = tweak.apply(GatewayConfig.defaults()
                .withListenPort(0)
                .withSecret(SECRET)
                .withAppPath(appPath.toString())
                .withStorage(StorageConfig.memory()));
        return new RunningGateway(Gateway.start(config), appPath);
    }

    public static RunningGateway start(Path appPath, ApiDocs... apis) throws IOException {
        return start(appPath, c -> c, apis);
    }

    public Gateway gateway() {
        return gateway;
    }

    public Path appPath() {
        return appPath;
    }

    public String url(String path) {
        return gateway.scheme() + "://127.0.0.1:" + gateway.port() + path;
    }

    /** Talks to a TLS gateway with this context (trusting its CA, maybe presenting a client certificate). */
    public RunningGateway trusting(SSLContext context) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .sslContext(context).build();
        return this;
    }

    public HttpClient http() {
        return http;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder builder = request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A management call with the secret. */
    public HttpResponse<String> admin(String method, String path, String body) {
        HttpRequest.Builder builder = request(path).header("x-tyk-authorization", SECRET);
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(builder.build());
    }

    /** Creates a key through the management API and returns the raw key. */
    public String createKey(String sessionJson) {
        HttpResponse<String> response = admin("POST", "/tyk/keys", sessionJson);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("key creation failed: " + response.body());
        }
        return Json.read(response.body()).get("key").asText();
    }

    public void reload() {
        HttpResponse<String> response = admin("GET", "/tyk/reload", null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("reload failed: " + response.body());
        }
    }

    @Override
    public void close() {
        gateway.stop();
    }
}
