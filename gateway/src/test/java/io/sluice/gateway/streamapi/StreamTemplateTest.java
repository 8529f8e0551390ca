package io.sluice.gateway.streamapi;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream config using {@code $tyk_context}/{@code $tyk_meta} is a template: one instance per distinct filled-in
 * config, created by the first request, shared by requests with the same values, stopped once idle. Users' messages
 * stay apart; a stream without variables runs once for the API however many consumers it has.
 */
class StreamTemplateTest {

    private static final String PER_USER = """
            input:
              generate:
                interval: 20ms
                mapping: 'root = {"user": "$tyk_context.request_data_user", "tenant": "$tyk_meta.tenant", "team": "$tyk_context.headers_X_Team", "n": counter()}'
            output:
              http_server:
                path: ""
                stream_path: /mine/sse
                ws_path: /mine/ws
                ws_message_type: text
            """;

    private static final String SHARED = """
            input:
              generate:
                interval: 20ms
                mapping: 'root = {"n": counter()}'
            output:
              http_server:
                path: ""
                stream_path: ""
                ws_path: /all/ws
                ws_message_type: text
            """;

    private static final String VARS = """
            input:
              generate:
                interval: 50ms
                mapping: |
                  root.remote = "$tyk_context.remote_addr"
                  root.path = "$tyk_context.path"
                  root.parts = "$tyk_context.path_parts"
                  root.cookie = "$tyk_context.cookies_flavour_name"
                  root.token = "$tyk_context.token"
                  root.request = "$tyk_context.request_id"
                  root.claim = "$tyk_context.jwt_claims_sub"
            output:
              http_server:
                path: ""
                stream_path: ""
                ws_path: /vars/ws
                ws_message_type: text
            """;

    private static final String PER_SUBJECT = """
            input:
              generate:
                interval: 20ms
                mapping: 'root = {"sub": "$tyk_context.jwt_claims_sub", "room": "$tyk_context.jwt_claims_room", "n": counter()}'
            output:
              http_server:
                path: ""
                stream_path: ""
                ws_path: /ws
                ws_message_type: text
            """;

    private static final String JWT_SECRET = "0123456789abcdef0123456789abcdef-stream-jwt";

    @TempDir
    static Path dir;
    private static RunningGateway gateway;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        StreamApiDocs jwtApi = StreamApiDocs.of("jwt-rooms", "/jwt-rooms/").yaml("subject", PER_SUBJECT);
        jwtApi.docs().jwt("hmac", Base64.getEncoder().encodeToString(JWT_SECRET.getBytes(StandardCharsets.UTF_8)), "jwt-rooms");
        gateway = RunningGateway.start(dir.resolve("apps"), StreamApiDocs.of("rooms", "/rooms/").authToken()
                .option("idle_timeout", "1s").yaml("mine", PER_USER).yaml("all", SHARED).yaml("vars", VARS).docs(), jwtApi.docs());
        gateway.admin("POST", "/tyk/policies", "{\"id\": \"jwt-rooms\", \"rate\": 0, \"per\": 0, \"quota_max\": -1, "
                + "\"access_rights\": {\"jwt-rooms\": {\"api_id\": \"jwt-rooms\"}}}");
        key = gateway.createKey("{\"meta_data\": {\"tenant\": \"acme corp\"}, \"access_rights\": {\"rooms\": {\"api_id\": \"rooms\"}}}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String ws(String path) {
        return gateway.url(path).replace("http://", "ws://");
    }

    private static StreamApis.ApiStreamsView rooms() {
        return gateway.gateway().streamApis().streamsOf("rooms").orElseThrow();
    }

    @Test
    void eachUserHasAnInstanceSharedByTheirConnectionsAndStoppedWhenIdle() throws Exception {
        Clients.Ws alice = Clients.Ws.open(ws("/rooms/mine/ws?user=alice&key=" + key), "X-Team", "red");
        Clients.Ws bob = Clients.Ws.open(ws("/rooms/mine/ws?user=bob&key=" + key), "X-Team", "red");
        try (Clients.Sse aliceAgain = Clients.Sse.open(gateway.url("/rooms/mine/sse?user=alice"), "Authorization", key, "X-Team", "red")) {
            Eventually.within(Duration.ofSeconds(10), () -> alice.messages.size() > 10 && bob.messages.size() > 10 && aliceAgain.data().size() > 10);
            assertThat(Clients.jsonField(alice.messages, "user")).containsOnly("alice");
            assertThat(Clients.jsonField(aliceAgain.data(), "user")).containsOnly("alice");
            assertThat(Clients.jsonField(bob.messages, "user")).containsOnly("bob");
            assertThat(Clients.jsonField(bob.messages, "tenant")).containsOnly("acme+corp"); // meta_data, URL-escaped
            assertThat(Clients.jsonField(bob.messages, "team")).containsOnly("red");
            StreamApiEndToEndTest.assertConsecutive(Clients.jsonField(alice.messages, "n"));
            // alice's two connections share one instance (one counter); bob has his own
            assertThat(rooms().instances("mine")).isEqualTo(2);
            long aliceLast = Long.parseLong(Clients.jsonField(alice.messages, "n").getLast());
            long bobLast = Long.parseLong(Clients.jsonField(bob.messages, "n").getLast());
            assertThat(Clients.jsonField(aliceAgain.data(), "n").stream().map(Long::parseLong).toList())
                    .anyMatch(n -> Math.abs(n - aliceLast) < 20);
            assertThat(bobLast).isPositive();
        }
        alice.close();
        bob.close();
        // no connection for idle_timeout (1s): both instances stop
        Eventually.within(Duration.ofSeconds(5), () -> rooms().instances("mine") == 0);
        // the next request starts a fresh instance
        Clients.Ws back = Clients.Ws.open(ws("/rooms/mine/ws?user=alice&key=" + key));
        Eventually.within(Duration.ofSeconds(10), () -> back.messages.size() > 2);
        assertThat(Clients.jsonField(back.messages, "n").getFirst()).isIn("1", "2", "3");
        assertThat(rooms().instances("mine")).isEqualTo(1);
        back.close();
    }

    @Test
    void valuesAreUrlEscapedSoTheyCannotChangeTheMapping() throws Exception {
        String sneaky = "x\", \"admin\": true, \"y\": \"";
        Clients.Ws ws = Clients.Ws.open(ws("/rooms/mine/ws?key=" + key + "&user=" + URLEncoder.encode(sneaky, StandardCharsets.UTF_8)));
        Eventually.within(Duration.ofSeconds(10), () -> ws.messages.size() > 2);
        assertThat(ws.messages.getFirst()).doesNotContain("admin\":");
        assertThat(Clients.jsonField(ws.messages, "user")).containsOnly(ContextVariables.escape(sneaky));
        ws.close();
    }

    @Test
    void everyContextVariableIsFilledIn() throws Exception {
        Clients.Ws ws = Clients.Ws.open(ws("/rooms/vars/ws?key=" + key), "Cookie", "flavour-name=dark/choc");
        Eventually.within(Duration.ofSeconds(10), () -> !ws.messages.isEmpty());
        var m = Json.read(ws.messages.getFirst());
        assertThat(m.path("remote").asText()).isEqualTo("127.0.0.1");
        assertThat(m.path("path").asText()).isEqualTo("%2Frooms%2Fvars%2Fws");
        assertThat(m.path("parts").asText()).isEqualTo("rooms%2Cvars%2Cws");
        assertThat(m.path("cookie").asText()).isEqualTo("dark%2Fchoc");
        assertThat(m.path("token").asText()).isEqualTo(key);
        assertThat(m.path("request").asText()).matches("[0-9a-f-]{36}");
        assertThat(m.path("claim").asText()).isEmpty(); // not a JWT API
        ws.close();
    }

    @Test
    void jwtClaimsSelectTheInstance() throws Exception {
        Clients.Ws ann = Clients.Ws.open(ws("/jwt-rooms/ws"), "Authorization", "Bearer " + jwt("ann", "blue"));
        Clients.Ws ben = Clients.Ws.open(ws("/jwt-rooms/ws"), "Authorization", "Bearer " + jwt("ben", "green"));
        Eventually.within(Duration.ofSeconds(10), () -> ann.messages.size() > 3 && ben.messages.size() > 3);
        assertThat(Clients.jsonField(ann.messages, "sub")).containsOnly("ann");
        assertThat(Clients.jsonField(ann.messages, "room")).containsOnly("blue");
        assertThat(Clients.jsonField(ben.messages, "sub")).containsOnly("ben");
        assertThat(Clients.jsonField(ben.messages, "room")).containsOnly("green");
        assertThat(gateway.gateway().streamApis().streamsOf("jwt-rooms").orElseThrow().instances("subject")).isEqualTo(2);
        assertThat(Clients.Ws.refusedWith(ws("/jwt-rooms/ws"), "Authorization", "Bearer not.a.jwt")).isEqualTo(403);
        ann.close();
        ben.close();
    }

    private static String jwt(String subject, String room) throws Exception {
        var claims = new JWTClaimsSet.Builder().subject(subject).claim("room", room)
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build();
        var signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        signed.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return signed.serialize();
    }

    @Test
    void aStreamWithoutVariablesRunsOnceForAllConsumers() throws Exception {
        var before = rooms().running("all");
        Clients.Ws one = Clients.Ws.open(ws("/rooms/all/ws?user=alice&key=" + key));
        Clients.Ws two = Clients.Ws.open(ws("/rooms/all/ws?user=bob&key=" + key));
        Eventually.within(Duration.ofSeconds(10), () -> one.messages.size() > 5 && two.messages.size() > 5);
        assertThat(rooms().running("all")).isSameAs(before).isNotNull();
        assertThat(rooms().instances("all")).isZero();
        // both read the same counter
        Eventually.within(Duration.ofSeconds(10), () -> !Collections.disjoint(
                Clients.jsonField(one.messages, "n"), Clients.jsonField(two.messages, "n")));
        one.close();
        two.close();
    }
}
