package io.sluice.connectors.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sluice.testkit.kafka.SelfSignedCertificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small server of the schema registry API's read side (schemas by id, subject versions), for tests: schemas are
 * registered in code, requests are counted per path, and it can require basic auth and serve HTTPS.
 */
final class TestRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Stored(int id, String type, String text, List<Map<String, Object>> references) {
    }

    private final HttpServer server;
    private final Map<Integer, Stored> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Stored>> subjects = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile String requiredAuth;
    volatile boolean down;
    final SelfSignedCertificate certificate;

    private TestRegistry(boolean https) throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (https) {
            certificate = SelfSignedCertificate.create();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", certificate.keyPair.getPrivate(), new char[0], new Certificate[]{certificate.certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            HttpsServer s = HttpsServer.create(address, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(ssl));
            server = s;
        } else {
            certificate = null;
            server = HttpServer.create(address, 0);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    static TestRegistry http() throws Exception {
        return new TestRegistry(false);
    }

    static TestRegistry https() throws Exception {
        return new TestRegistry(true);
    }

    String url() {
        return (certificate == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    TestRegistry requireBasicAuth(String user, String password) {
        requiredAuth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Registers a new version of a subject; returns its schema id. References are (name, subject, version) triples. */
    int register(String subject, String type, String text, String... references) {
        List<Map<String, Object>> refs = new ArrayList<>();
        for (int i = 0; i + 2 < references.length; i += 3) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", references[i]);
            r.put("subject", references[i + 1]);
            r.put("version", Integer.parseInt(references[i + 2]));
            refs.add(r);
        }
        Stored s = new Stored(nextId.getAndIncrement(), type, text, refs);
        byId.put(s.id(), s);
        subjects.computeIfAbsent(subject, k -> new ArrayList<>()).add(s);
        return s.id();
    }

    int count(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        try (ex) {
            if (down) {
                reply(ex, 503, Map.of("error_code", 503, "message", "down for the test"));
                return;
            }
            if (requiredAuth != null && !requiredAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, Map.of("error_code", 401, "message", "Unauthorized"));
                return;
            }
            String[] parts = path.split("/");
            Stored found = null;
            if (parts.length == 4 && parts[1].equals("schemas") && parts[2].equals("ids")) {
                found = byId.get(Integer.parseInt(parts[3]));
            } else if (parts.length == 5 && parts[1].equals("subjects") && parts[3].equals("versions")) {
                List<Stored> versions = subjects.get(parts[2]);
                if (versions != null) found = parts[4].equals("latest") ? versions.getLast() : versions.get(Integer.parseInt(parts[4]) - 1);
            }
            if (found == null) {
                reply(ex, 404, Map.of("error_code", 40403, "message", "Schema not found"));
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", found.id());
            if (!found.type().equals("AVRO")) body.put("schemaType", found.type());
            body.put("schema", found.text());
            if (!found.references().isEmpty()) body.put("references", found.references());
            reply(ex, 200, body);
        }
    }

    private static void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
