package io.sluice.connectors.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * aws_lambda against a local stand-in for the Lambda invoke API that checks each request's Signature Version 4
 * itself (the canonical request and signing key computed here, from the AWS specification, not by the SDK).
 */
class AwsLambdaProcessorTest {
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private HttpServer server;
    private final List<String> verified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::invoke);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String config(String function, String secret) {
        return """
                function: %s
                region: eu-west-1
                endpoint: http://127.0.0.1:%d
                retries: 0
                credentials:
                  id: %s
                  secret: %s
                """.formatted(function, server.getAddress().getPort(), KEY_ID, secret);
    }

    private void invoke(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String problem = signatureProblem(ex, body);
            if (problem != null) {
                reply(ex, 403, Map.of(), "{\"message\":\"" + problem + "\"}");
                return;
            }
            String path = ex.getRequestURI().getRawPath(); // /2015-03-31/functions/{name}/invocations
            String function = path.split("/")[3];
            verified.add(function);
            if (function.equals("always-fails")) {
                reply(ex, 200, Map.of("X-Amz-Function-Error", "Unhandled"), "{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");
            } else {
                reply(ex, 200, Map.of(), new String(body, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT));
            }
        }
    }

    /** Null when the request carries a valid SigV4 signature for our key, else what is wrong. */
    private static String signatureProblem(HttpExchange ex, byte[] body) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) return "no Authorization header";
        Matcher m = AUTH.matcher(auth);
        if (!m.matches()) return "Authorization is not SigV4";
        if (!m.group(1).equals(KEY_ID) || !m.group(3).equals("eu-west-1") || !m.group(4).equals("lambda")) return "wrong credential scope";
        String amzDate = ex.getRequestHeaders().getFirst("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(m.group(2))) return "X-Amz-Date does not match the scope";
        String payloadHash = ex.getRequestHeaders().getFirst("X-Amz-Content-Sha256");
        String actualHash = hex(sha256(body));
        if (payloadHash == null) payloadHash = actualHash;
        else if (!payloadHash.equals("UNSIGNED-PAYLOAD") && !payloadHash.equals(actualHash)) return "payload hash mismatch";
        List<String> signed = List.of(m.group(5).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date")) return "host and x-amz-date must be signed";
        StringBuilder headers = new StringBuilder();
        for (String name : signed) {
            List<String> values = ex.getRequestHeaders().get(name);
            if (values == null) return "signed header " + name + " is missing";
            List<String> trimmed = new ArrayList<>();
            for (String v : values) trimmed.add(v.trim().replaceAll(" +", " "));
            headers.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        String query = ex.getRequestURI().getRawQuery();
        String canonical = ex.getRequestMethod() + "\n" + ex.getRequestURI().getRawPath() + "\n" + (query == null ? "" : query) + "\n"
                + headers + "\n" + m.group(5) + "\n" + payloadHash;
        String scope = m.group(2) + "/eu-west-1/lambda/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), m.group(2));
        key = hmac(key, "eu-west-1");
        key = hmac(key, "lambda");
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        return expected.equals(m.group(6)) ? null : "signature mismatch";
    }

    private static void reply(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static Processor lambda(String yaml) throws Exception {
        return (Processor) TestKit.component(ComponentKind.PROCESSOR, "aws_lambda", yaml);
    }

    @Test
    void signedInvocationsReplaceEachMessageWithTheResult() throws Exception {
        Processor p = lambda(config("shout", SECRET) + "parallel: true\n");
        try {
            Part a = Part.of("{\"n\":\"one\"}");
            a.setMeta("k", "v");
            List<Batch> out = p.process(Batch.of(a, Part.of("{\"n\":\"two\"}")));
            assertThat(out.get(0).parts()).extracting(Part::text).containsExactly("{\"N\":\"ONE\"}", "{\"N\":\"TWO\"}");
            assertThat(out.get(0).get(0).meta("k")).isEqualTo("v");
            assertThat(verified).containsExactly("shout", "shout");
        } finally {
            p.close();
        }
    }

    @Test
    void aFunctionErrorFlagsTheMessageAndKeepsIt() throws Exception {
        Processor p = lambda(config("always-fails", SECRET));
        try {
            Part out = p.process(Batch.of(Part.of("in"))).get(0).get(0);
            assertThat(out.text()).isEqualTo("in");
            assertThat(out.errorMessage()).contains("function always-fails failed (Unhandled)").contains("boom");
        } finally {
            p.close();
        }
    }

    @Test
    void aWrongSecretIsRefusedByTheEndpointAndFlagged() throws Exception {
        Processor p = lambda(config("shout", "not-the-secret"));
        try {
            Part out = p.process(Batch.of(Part.of("in"))).get(0).get(0);
            assertThat(out.text()).isEqualTo("in");
            assertThat(out.errorMessage()).contains("invoking shout failed").contains("signature mismatch");
            assertThat(verified).isEmpty();
        } finally {
            p.close();
        }
    }
}
