package io.sluice.gateway.tls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.tls.Fingerprints;
import io.sluice.gateway.config.HttpServerOptionsConfig;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestCertificates;
import io.sluice.gateway.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway port over TLS, driven by real clients (curl, Java's HttpClient): certificates by SNI host, HTTP/2 by
 * ALPN, static mTLS, certificate auth, keys bound to certificates, and TLS towards upstreams (verification, CA
 * bundles, pinned keys, client certificates). Certificates are made by openssl for this run.
 */
class TlsGatewayTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static TestCertificates clientCa;
    private static TestCertificates.Issued client;
    private static TestCertificates.Issued stranger;
    private static TestUpstream upstream;
    private static TestUpstream tlsUpstream;
    private static TestUpstream mtlsUpstream;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir.resolve("certs"), "Sluice Test CA");
        clientCa = TestCertificates.create(dir.resolve("clients"), "Sluice Test Client CA");
        TestCertificates.Issued main = certs.server("localhost", "localhost", "a.test", "127.0.0.1");
        TestCertificates.Issued other = certs.server("b.test", "b.test");
        client = clientCa.client("client-one");
        stranger = clientCa.stranger("stranger");
        upstream = new TestUpstream();
        TestCertificates.Issued upstreamCertificate = certs.server("upstream", "127.0.0.1", "localhost");
        tlsUpstream = TestUpstream.tls(upstreamCertificate, null);
        mtlsUpstream = TestUpstream.tls(certs.server("mtls-upstream", "127.0.0.1"), clientCa.ca().certFile());
        Path upstreamClient = dir.resolve("upstream-client.pem");
        TestCertificates.Issued gatewayAsClient = clientCa.client("gateway");
        Files.writeString(upstreamClient, Files.readString(gatewayAsClient.certFile()) + Files.readString(gatewayAsClient.keyFile()));

        ApiDocs mtls = ApiDocs.keyless("mtls", "/mtls/", upstream.url());
        mtls.ext().withObjectProperty("server").putObject("clientCertificates").put("enabled", true)
                .putArray("allowlist").add(clientCa.ca().certFile().toString());
        ApiDocs pinned = withRoots(ApiDocs.keyless("pinned", "/pinned/", tlsUpstream.url()));
        pinning(pinned, Fingerprints.publicKey(upstreamCertificate.certificate()));
        ApiDocs mispinned = withRoots(ApiDocs.keyless("mispinned", "/mispinned/", tlsUpstream.url()));
        pinning(mispinned, Fingerprints.publicKey(client.certificate()));
        ApiDocs upstreamMtls = withRoots(ApiDocs.keyless("upstream-mtls", "/upstream-mtls/", mtlsUpstream.url()));
        upstreamMtls.ext().withObjectProperty("upstream").putObject("mutualTLS").put("enabled", true)
                .putArray("domainToCertificateMapping").addObject().put("domain", "*").put("certificate", upstreamClient.toString());
        ApiDocs skip = ApiDocs.keyless("skip", "/skip/", tlsUpstream.url());
        skip.ext().withObjectProperty("upstream").putObject("tlsTransport").put("insecureSkipVerify", true);

        gateway = RunningGateway.start(dir.resolve("apps"), c -> c.withHttpServerOptions(HttpServerOptionsConfig.tls(
                        main.certFile().toString(), main.keyFile().toString()).withCertificates(List.of(
                        new HttpServerOptionsConfig.CertificateFiles("", main.certFile().toString(), main.keyFile().toString()),
                        new HttpServerOptionsConfig.CertificateFiles("b.test", other.certFile().toString(), other.keyFile().toString())))),
                ApiDocs.keyless("plain", "/plain/", upstream.url()),
                ApiDocs.keyless("verified", "/verified/", tlsUpstream.url()),
                withRoots(ApiDocs.keyless("with-ca", "/with-ca/", tlsUpstream.url())),
                skip, mtls, pinned, mispinned, upstreamMtls,
                certificateAuth(ApiDocs.keyless("by-cert", "/by-cert/", upstream.url())),
                ApiDocs.keyless("bound", "/bound/", upstream.url()).authToken());
        gateway.trusting(certs.clientContext(null));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        tlsUpstream.close();
        mtlsUpstream.close();
    }

    private static ApiDocs withRoots(ApiDocs api) {
        api.ext().withObjectProperty("upstream").putObject("tlsTransport").putArray("rootCAs").add(certs.ca().certFile().toString());
        return api;
    }

    private static void pinning(ApiDocs api, String publicKeySha256) {
        api.ext().withObjectProperty("upstream").putObject("certificatePinning").put("enabled", true)
                .putArray("domainToPublicKeysMapping").addObject().put("domain", "127.0.0.1")
                .putArray("publicKeys").add(publicKeySha256);
    }

    private static ApiDocs certificateAuth(ApiDocs api) {
        ObjectNode auth = api.ext().withObjectProperty("server").putObject("authentication").put("enabled", true);
        auth.putObject("securitySchemes").putObject("certificateAuth").put("enabled", true);
        api.document().putArray("security").addObject().putArray("certificateAuth");
        return api;
    }

    private static int port() {
        return gateway.gateway().port();
    }

    /** Runs curl; returns its output (body, then what -w writes). */
    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert", certs.ca().certFile().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void curlVerifiesTheGatewayAgainstItsCaAndGetsTheUpstreamsAnswer() throws Exception {
        String out = curl("-w", "\n%{http_code} %{ssl_verify_result}", "https://localhost:" + port() + "/plain/hello?x=1");
        assertThat(out).endsWith("200 0");
        assertThat(Json.read(out.substring(0, out.lastIndexOf('\n'))).path("path").asText()).isEqualTo("/hello");
        // A client that does not trust the CA refuses the handshake.
        Process untrusting = new ProcessBuilder("curl", "-sS", "https://localhost:" + port() + "/plain/").redirectErrorStream(true).start();
        assertThat(untrusting.waitFor()).isNotZero();
    }

    @Test
    void theCertificateIsPickedByTheSniHostName() throws Exception {
        String forB = curl("--resolve", "b.test:" + port() + ":127.0.0.1", "-w", "%{http_code}", "-o", "/dev/null",
                "https://b.test:" + port() + "/plain/");
        assertThat(forB).isEqualTo("200");
        String forA = curl("--resolve", "a.test:" + port() + ":127.0.0.1", "-w", "%{http_code}", "-o", "/dev/null",
                "https://a.test:" + port() + "/plain/");
        assertThat(forA).isEqualTo("200");
        assertThat(gateway.gateway().serverTls().keyManager().forHost("b.test").leaf().getSubjectX500Principal().getName())
                .isEqualTo("CN=b.test");
    }

    @Test
    void javasHttpClientSpeaksHttp2ThroughAlpnToAProxiedApi() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(certs.clientContext(null))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> answer = h2.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port() + "/plain/over-h2"))
                .header("X-Probe", "yes").POST(HttpRequest.BodyPublishers.ofString("body over h2")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Json.read(answer.body()).path("path").asText()).isEqualTo("/over-h2");
        assertThat(Json.read(answer.body()).path("body").asText()).isEqualTo("body over h2");
        assertThat(curl("--http2", "-o", "/dev/null", "-w", "%{http_version}", "https://localhost:" + port() + "/plain/")).isEqualTo("2");
    }

    @Test
    void anMtlsApiRefusesWithoutAnAllowedCertificateAndAcceptsOneItsCaSigned() throws Exception {
        String without = curl("-w", "\n%{http_code}", "https://localhost:" + port() + "/mtls/x");
        assertThat(without).endsWith("403");
        assertThat(Json.read(without.substring(0, without.lastIndexOf('\n'))).path("error").asText())
                .isEqualTo("Client TLS certificate is required");
        String withStranger = curl("--cert", stranger.certFile().toString(), "--key", stranger.keyFile().toString(),
                "-w", "\n%{http_code}", "https://localhost:" + port() + "/mtls/x");
        assertThat(withStranger).endsWith("403").contains("Certificate with SHA256 " + Fingerprints.certificate(stranger.certificate()) + " not allowed");
        String withClient = curl("--cert", client.certFile().toString(), "--key", client.keyFile().toString(),
                "-w", "\n%{http_code}", "https://localhost:" + port() + "/mtls/x");
        assertThat(withClient).endsWith("200");
        // other APIs on the same port do not need a certificate
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "https://localhost:" + port() + "/plain/")).isEqualTo("200");
    }

    @Test
    void certificateAuthFindsTheKeyMadeForTheCertificate() throws Exception {
        String url = "https://localhost:" + port() + "/by-cert/x";
        assertThat(curl("-w", "%{http_code}", "-o", "/dev/null", url)).isEqualTo("401");
        assertThat(curl("--cert", client.certFile().toString(), "--key", client.keyFile().toString(), "-w", "%{http_code}", "-o",
                "/dev/null", url)).isEqualTo("401"); // no key for it yet
        ObjectNode session = GatewayJson.MAPPER.createObjectNode().put("certificate", client.certPem());
        session.putObject("access_rights").putObject("by-cert").put("api_id", "by-cert");
        HttpResponse<String> created = gateway.admin("POST", "/tyk/keys", session.toString());
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(curl("--cert", client.certFile().toString(), "--key", client.keyFile().toString(), "-w", "%{http_code}", "-o",
                "/dev/null", url)).isEqualTo("200");
        assertThat(curl("--cert", stranger.certFile().toString(), "--key", stranger.keyFile().toString(), "-w", "%{http_code}",
                "-o", "/dev/null", url)).isEqualTo("401");
        // the key's token alone is not a credential here
        String token = Json.read(created.body()).path("key").asText();
        assertThat(curl("-H", "Authorization: " + token, "-w", "%{http_code}", "-o", "/dev/null", url)).isEqualTo("401");
    }

    @Test
    void aKeyBoundToACertificateIsRefusedWithoutIt() throws Exception {
        String key = gateway.createKey("{\"mtls_static_certificate_bindings\": [\"" + Fingerprints.certificate(client.certificate())
                + "\"], \"access_rights\": {\"bound\": {\"api_id\": \"bound\"}}}");
        String url = "https://localhost:" + port() + "/bound/x";
        assertThat(curl("-H", "Authorization: " + key, "-w", "%{http_code}", "-o", "/dev/null", url)).isEqualTo("401");
        assertThat(curl("-H", "Authorization: " + key, "--cert", stranger.certFile().toString(), "--key", stranger.keyFile().toString(),
                "-w", "%{http_code}", "-o", "/dev/null", url)).isEqualTo("401");
        assertThat(curl("-H", "Authorization: " + key, "--cert", client.certFile().toString(), "--key", client.keyFile().toString(),
                "-w", "%{http_code}", "-o", "/dev/null", url)).isEqualTo("200");
        String unbound = gateway.createKey("{\"access_rights\": {\"bound\": {\"api_id\": \"bound\"}}}");
        assertThat(curl("-H", "Authorization: " + unbound, "-w", "%{http_code}", "-o", "/dev/null", url)).isEqualTo("200");
    }

    @Test
    void upstreamCertificatesAreVerifiedByDefault() throws Exception {
        assertThat(gateway.get("/verified/x").statusCode()).isEqualTo(502); // signed by a CA the JDK does not know
        assertThat(gateway.get("/with-ca/x").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/skip/x").statusCode()).isEqualTo(200);
    }

    @Test
    void pinnedPublicKeysMustBePresented() {
        assertThat(gateway.get("/pinned/x").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/mispinned/x").statusCode()).isEqualTo(502);
    }

    @Test
    void upstreamMutualTlsSendsTheConfiguredClientCertificate() {
        assertThat(gateway.get("/upstream-mtls/x").statusCode()).isEqualTo(200);
    }
}
