package io.sluice.connectors.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;
import io.sluice.core.tls.TlsSpec;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A client of the Confluent schema registry REST API (also served by Redpanda, Apicurio's compatibility API and
 * others): schemas by id, and a subject's versions. Blocking calls, made from processor threads.
 */
final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A schema as the registry returns it: its text, type (AVRO, JSON or PROTOBUF) and the schemas it references. */
    record RawSchema(int id, String type, String text, List<Reference> references) {
    }

    record Reference(String name, String subject, int version) {
    }

    private final String base;
    private final HttpClient http;
    private final String authorization;

    RegistryClient(String base, SSLContext tls, String authorization) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (tls != null) b.sslContext(tls);
        this.http = b.build();
        this.authorization = authorization;
    }

    /** The fields every registry processor has: the URL, TLS and basic authentication. */
    static FieldSpec[] connectionFields() {
        return new FieldSpec[]{
                FieldSpec.string("url")
                        .rule(v -> v instanceof String s && !s.startsWith("http://") && !s.startsWith("https://") ? "url must start with http:// or https://" : null)
                        .description("The base URL of the schema registry.")
                        .example("http://localhost:8081", "https://registry.example.com:8081"),
                TlsSpec.field(),
                FieldSpec.object("basic_auth",
                                FieldSpec.bool("enabled").defaultValue(false).description("Whether to send basic authentication credentials."),
                                FieldSpec.string("username").defaultValue("").description("The user name to authenticate as."),
                                FieldSpec.string("password").defaultValue("").description("The password to authenticate with."))
                        .advanced()
                        .description("HTTP basic authentication to the registry.")
        };
    }

    static RegistryClient from(Conf conf) throws ConfigException {
        SSLContext tls = Tls.sslContextOrNull(conf.child("tls"));
        Conf basic = conf.child("basic_auth");
        String auth = null;
        if (basic.isPresent() && basic.bool("enabled")) {
            String pair = basic.string("username") + ":" + basic.string("password");
            auth = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return new RegistryClient(conf.string("url"), tls, auth);
    }

    RawSchema byId(int id) throws IOException, InterruptedException {
        return parse(get("/schemas/ids/" + id), id);
    }

    RawSchema version(String subject, String version) throws IOException, InterruptedException {
        JsonNode node = get("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20") + "/versions/" + version);
        return parse(node, node.path("id").asInt(-1));
    }

    private static RawSchema parse(JsonNode node, int id) throws IOException {
        JsonNode text = node.get("schema");
        if (text == null || !text.isTextual()) throw new IOException("the registry's answer has no schema text");
        List<Reference> refs = new ArrayList<>();
        for (JsonNode r : node.path("references")) {
            refs.add(new Reference(r.path("name").asText(), r.path("subject").asText(), r.path("version").asInt()));
        }
        return new RawSchema(id, node.path("schemaType").asText("AVRO"), text.textValue(), List.copyOf(refs));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        if (authorization != null) req.header("Authorization", authorization);
        HttpResponse<byte[]> resp = http.send(req.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            String body = new String(resp.body(), StandardCharsets.UTF_8);
            throw new IOException("schema registry answered " + resp.statusCode() + " to GET " + path + (body.isBlank() ? "" : ": " + body.strip()));
        }
        return JSON.readTree(resp.body());
    }
}
