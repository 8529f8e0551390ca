package io.sluice.console.gatewayapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.runtime.GatewayJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;

/**
 * The gateway's management API ({@code /tyk/...}), called over HTTP with the secret, as any remote tool would. The
 * dashboard and the portal change the gateway only through it, so they see the same checks and answers as {@code curl}
 * users, and nothing they do bypasses the gateway's own validation.
 */
public final class ManagementClient implements AutoCloseable {

    /** An answer: status and body. */
    public record Reply(int status, Buffer body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return body == null || body.length() == 0 ? MissingNode.getInstance() : GatewayJson.MAPPER.readTree(body.getBytes());
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        /** The gateway's error message ({@code {"status":"error","message":...}}), or the status. */
        public String error() {
            String message = json().path("message").asText("");
            return message.isEmpty() ? "the gateway answered HTTP " + status : message;
        }
    }

    private final HttpClient http;
    private final String host;
    private final int port;
    private final String secret;

    public ManagementClient(Vertx vertx, String host, int port, String secret) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(16).setKeepAlive(true));
        this.host = host;
        this.port = port;
        this.secret = secret;
    }

    public Future<Reply> get(String path) {
        return send(HttpMethod.GET, path, null);
    }

    public Future<Reply> send(HttpMethod method, String path, Object body) {
        Buffer payload;
        try {
            payload = body == null ? null : Buffer.buffer(GatewayJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return Future.failedFuture(e);
        }
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path)
                .putHeader(GatewayConfig.SECRET_HEADER, secret).setTimeout(30_000);
        if (payload != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return http.request(options)
                .compose(request -> payload == null ? request.send() : request.send(payload))
                .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b)));
    }

    @Override
    public void close() {
        http.close();
    }
}
