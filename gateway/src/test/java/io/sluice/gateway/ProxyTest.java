package io.sluice.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyTest {

    @TempDir
    static Path apps;
    static TestUpstream upstream;
    static RunningGateway gateway;
    static int deadPort;

    @BeforeAll
    static void start() throws Exception {
        upstream = new TestUpstream();
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        ApiDocs mocked = ApiDocs.keyless("mocked", "/mocked/", upstream.url());
        mocked.operation("GET", "/hello", "sayHello").putObject("mockResponse").put("enabled", true).put("code", 201)
                .put("body", "{\"hi\":true}").putArray("headers").addObject().put("name", "X-Mock").put("value", "1");
        mocked.operation("GET", "/blocked", "blocked").putObject("block").put("enabled", true);
        ApiDocs transformed = ApiDocs.keyless("transformed", "/transformed/", upstream.url());
        transformed.global().putObject("transformRequestHeaders").put("enabled", true)
                .<ObjectNode>putArray("add").addObject().put("name", "X-Added").put("value", "global");
        transformed.global().withObjectProperty("transformRequestHeaders").putArray("remove").add("X-Secret");
        transformed.global().putObject("transformResponseHeaders").put("enabled", true).putArray("remove").add("X-Upstream");
        transformed.global().putObject("requestSizeLimit").put("enabled", true).put("value", 1000);
        transformed.global().putObject("cors").put("enabled", true).putArray("allowedOrigins").add("https://*.example.com");
        transformed.global().withObjectProperty("cors").putArray("allowedMethods").add("GET").add("POST");

        gateway = RunningGateway.start(apps, c -> c.withProxyDefaultTimeout(1),
                ApiDocs.keyless("root", "/", upstream.url() + "/root"),
                ApiDocs.keyless("api", "/api/", upstream.url() + "/base"),
                ApiDocs.keyless("api-v2", "/api/v2/", upstream.url() + "/v2"),
                ApiDocs.keyless("keep", "/keep/", upstream.url()).strip(false),
                ApiDocs.keyless("inactive", "/inactive/", upstream.url()).state(false, false),
                ApiDocs.keyless("hidden", "/hidden/", upstream.url() + "/internal").state(true, true),
                ApiDocs.keyless("looper", "/looper/", "tyk://hidden/via-loop"),
                ApiDocs.keyless("down", "/down/", "http://127.0.0.1:" + deadPort),
                ApiDocs.keyless("raw", "/raw/", upstream.url()),
                mocked, transformed);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    private static JsonNode echoed(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.read(response.body());
    }

    @Test
    void proxiesGetWithStrippedListenPathAndQuery() {
        JsonNode echo = echoed(gateway.get("/api/users/7?a=1&b=two"));
        assertThat(echo.get("method").asText()).isEqualTo("GET");
        assertThat(echo.get("path").asText()).isEqualTo("/base/users/7");
        assertThat(echo.get("query").asText()).isEqualTo("a=1&b=two");
    }

    @Test
    void longestListenPathWins() {
        assertThat(echoed(gateway.get("/api/v2/x")).get("path").asText()).isEqualTo("/v2/x");
        assertThat(echoed(gateway.get("/api/x")).get("path").asText()).isEqualTo("/base/x");
        assertThat(echoed(gateway.get("/apix")).get("path").asText()).isEqualTo("/root/apix");
    }

    @Test
    void keepsListenPathWhenNotStripping() {
        assertThat(echoed(gateway.get("/keep/a/b")).get("path").asText()).isEqualTo("/keep/a/b");
    }

    @Test
    void proxiesPostBodyAndSetsForwardingHeaders() {
        HttpResponse<String> response = gateway.send(gateway.request("/api/items")
                .header("Content-Type", "text/plain").header("X-Forwarded-For", "10.1.2.3")
                .POST(HttpRequest.BodyPublishers.ofString("hello body")).build());
        JsonNode echo = echoed(response);
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("body").asText()).isEqualTo("hello body");
        JsonNode headers = echo.get("headers");
        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("10.1.2.3, 127.0.0.1");
        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(headers.get("x-forwarded-host").asText()).isEqualTo("127.0.0.1:" + gateway.gateway().port());
        assertThat(headers.get("host").asText()).isEqualTo("127.0.0.1:" + upstream.port());
    }

    @Test
    void dropsHopByHopHeadersBothWays() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /raw/x HTTP/1.1\r\nHost: test\r\nConnection: keep-alive, X-Private\r\nX-Private: secret\r\n"
                    + "Proxy-Authorization: Basic abc\r\nTE: trailers\r\nX-Kept: yes\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder head = new StringBuilder();
            String line;
            int contentLength = 0;
            while (!(line = reader.readLine()).isEmpty()) {
                head.append(line.toLowerCase()).append('\n');
                if (line.toLowerCase().startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] body = new char[contentLength];
            int read = 0;
            while (read < contentLength) {
                read += reader.read(body, read, contentLength - read);
            }
            assertThat(head.toString()).contains("x-upstream: yes").doesNotContain("x-drop-me").doesNotContain("keep-alive: timeout");
            JsonNode headers = Json.read(new String(body)).get("headers");
            assertThat(headers.has("x-kept")).isTrue();
            assertThat(headers.has("x-private")).isFalse();
            assertThat(headers.has("proxy-authorization")).isFalse();
            assertThat(headers.has("te")).isFalse();
        }
    }

    @Test
    void streamsLargeUploadWithoutCorruption() throws Exception {
        long size = 48L * 1024 * 1024;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        HttpRequest request = gateway.request("/raw/sha256")
                .POST(HttpRequest.BodyPublishers.fromPublisher(generated(size, expected), size)).build();
        HttpResponse<String> response = gateway.send(request);
        JsonNode answer = echoed(response);
        assertThat(answer.get("length").asLong()).isEqualTo(size);
        assertThat(answer.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    }

    @Test
    void streamsLargeDownload() throws Exception {
        long size = 48L * 1024 * 1024;
        HttpResponse<InputStream> response = gateway.http().send(gateway.request("/raw/bytes?n=" + size).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long count = 0;
        boolean intact = true;
        byte[] buffer = new byte[65536];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    intact &= buffer[i] == (byte) ((count + i) % 251);
                }
                count += n;
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(intact).isTrue();
    }

    @Test
    void upstreamDownIs502WithJsonError() {
        HttpResponse<String> response = gateway.get("/down/x");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Json.read(response.body()).get("error").asText()).isEqualTo("There was a problem proxying the request");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void slowUpstreamIs504() {
        HttpResponse<String> response = gateway.get("/raw/slow?ms=3000");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(Json.read(response.body()).get("error").asText()).contains("timeout");
    }

    @Test
    void inactiveApiIsNotServed() {
        // Falls through to the catch-all "/" API instead.
        assertThat(echoed(gateway.get("/inactive/x")).get("path").asText()).isEqualTo("/root/inactive/x");
    }

    @Test
    void internalApiOnlyReachableThroughLoop() {
        assertThat(echoed(gateway.get("/hidden/x")).get("path").asText()).isEqualTo("/root/hidden/x");
        JsonNode looped = echoed(gateway.get("/looper/y"));
        assertThat(looped.get("path").asText()).isEqualTo("/internal/via-loop/y");
        assertThat(looped.get("headers").has("x-sluice-loop")).isFalse();
    }

    @Test
    void mockResponseAndBlockList() {
        HttpResponse<String> mock = gateway.get("/mocked/hello");
        assertThat(mock.statusCode()).isEqualTo(201);
        assertThat(mock.body()).isEqualTo("{\"hi\":true}");
        assertThat(mock.headers().firstValue("X-Mock")).hasValue("1");
        HttpResponse<String> blocked = gateway.get("/mocked/blocked");
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(Json.read(blocked.body()).get("error").asText()).isEqualTo("Requested endpoint is forbidden");
        assertThat(echoed(gateway.get("/mocked/other")).get("path").asText()).isEqualTo("/other");
    }

    @Test
    void headerTransformsApply() {
        HttpResponse<String> response = gateway.get("/transformed/x", "X-Secret", "s3cret");
        JsonNode headers = echoed(response).get("headers");
        assertThat(headers.get("x-added").asText()).isEqualTo("global");
        assertThat(headers.has("x-secret")).isFalse();
        assertThat(response.headers().firstValue("X-Upstream")).isEmpty();
    }

    @Test
    void requestSizeLimitRefusesLargeBodies() {
        HttpResponse<String> small = gateway.send(gateway.request("/transformed/x").POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000))).build());
        assertThat(small.statusCode()).isEqualTo(200);
        HttpResponse<String> large = gateway.send(gateway.request("/transformed/x").POST(HttpRequest.BodyPublishers.ofString("x".repeat(1001))).build());
        assertThat(large.statusCode()).isEqualTo(400);
        assertThat(Json.read(large.body()).get("error").asText()).isEqualTo("Request is too large");
        // Chunked (no Content-Length): stopped while streaming.
        HttpResponse<String> chunked = gateway.send(gateway.request("/transformed/x")
                .POST(HttpRequest.BodyPublishers.fromPublisher(generated(50_000, null))).build());
        assertThat(chunked.statusCode()).isEqualTo(400);
    }

    @Test
    void corsPreflightAndSimpleRequests() {
        HttpResponse<String> preflight = gateway.send(gateway.request("/transformed/x")
                .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST");
        HttpResponse<String> simple = gateway.get("/transformed/x", "Origin", "https://app.example.com");
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        HttpResponse<String> foreign = gateway.get("/transformed/x", "Origin", "https://evil.test");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void dotSegmentsCannotEscapeListenPath() {
        assertThat(echoed(gateway.get("/api/v2/../x")).get("path").asText()).isEqualTo("/base/x");
    }

    /** A body of {@code size} deterministic bytes, produced in chunks as the client asks for them. */
    static Flow.Publisher<ByteBuffer> generated(long size, MessageDigest digest) {
        return subscriber -> {
            Iterator<ByteBuffer> chunks = new Iterator<>() {
                long produced;

                @Override
                public boolean hasNext() {
                    return produced < size;
                }

                @Override
                public ByteBuffer next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int n = (int) Math.min(256 * 1024, size - produced);
                    byte[] bytes = new byte[n];
                    for (int i = 0; i < n; i++) {
                        bytes[i] = (byte) ((produced + i) * 31);
                    }
                    produced += n;
                    if (digest != null) {
                        digest.update(bytes);
                    }
                    return ByteBuffer.wrap(bytes);
                }
            };
            subscriber.onSubscribe(new Flow.Subscription() {
                boolean done;

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && chunks.hasNext() && !done; i++) {
                        subscriber.onNext(chunks.next());
                    }
                    if (!chunks.hasNext() && !done) {
                        done = true;
                        subscriber.onComplete();
                    }
                }

                @Override
                public synchronized void cancel() {
                    done = true;
                }
            });
        };
    }
}
