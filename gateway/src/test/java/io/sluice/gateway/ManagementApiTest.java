package io.sluice.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import io.sluice.gateway.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The Tyk-compatible management API over real HTTP. */
class ManagementApiTest {

    @TempDir
    static Path apps;
    static TestUpstream upstream;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = new TestUpstream();
        Files.createDirectories(apps);
        Files.writeString(apps.resolve("broken.json"), "{\"openapi\": \"3.0.3\", \"x-tyk-api-gateway\": {\"info\": {\"name\": \"b\"}, \"upstream\": {}}}");
        Files.writeString(apps.resolve("garbage.json"), "{ this is not json");
        gateway = RunningGateway.start(apps, ApiDocs.keyless("good", "/good/", upstream.url()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.read(response.body());
    }

    static String message(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return Json.read(response.body()).get("message").asText();
    }

    @Test
    void malformedFilesAreSkippedAndReportedWhileOthersServe() {
        assertThat(gateway.get("/good/x").statusCode()).isEqualTo(200);
        assertThat(gateway.gateway().problems()).hasSize(2);
        assertThat(gateway.gateway().problems()).anySatisfy(p -> {
            assertThat(p.file().getFileName().toString()).isEqualTo("broken.json");
            assertThat(p.message()).contains("x-tyk-api-gateway.upstream.url");
        });
        assertThat(gateway.gateway().problems()).anySatisfy(p -> assertThat(p.file().getFileName().toString()).isEqualTo("garbage.json"));
    }

    @Test
    void secretIsRequired() {
        HttpResponse<String> none = gateway.get("/tyk/keys");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(gateway.get("/tyk/keys", "x-tyk-authorization", "wrong").statusCode()).isEqualTo(403);
        assertThat(ok(gateway.get("/hello")).get("status").asText()).isEqualTo("pass");
    }

    @Test
    void apiLifecycleThroughTheApi() throws Exception {
        ApiDocs withoutId = ApiDocs.keyless("created", "/created/", upstream.url());
        withoutId.ext().withObjectProperty("info").remove("id");
        String doc = withoutId.json();
        JsonNode created = ok(gateway.admin("POST", "/tyk/apis/oas", doc));
        String id = created.get("key").asText();
        assertThat(created.get("action").asText()).isEqualTo("added");
        assertThat(id).isNotBlank();
        assertThat(Files.exists(apps.resolve(id + ".json"))).isTrue();

        // Like Tyk, a new API is served after a reload.
        gateway.reload();
        assertThat(gateway.get("/created/x").statusCode()).isEqualTo(200);
        assertThat(ok(gateway.admin("GET", "/tyk/apis/oas/" + id, null)).at("/x-tyk-api-gateway/info/id").asText()).isEqualTo(id);
        assertThat(ok(gateway.admin("GET", "/tyk/apis/oas", null)).size()).isGreaterThanOrEqualTo(2);

        String moved = ApiDocs.keyless(id, "/moved/", upstream.url()).json();
        assertThat(ok(gateway.admin("PUT", "/tyk/apis/oas/" + id, moved)).get("action").asText()).isEqualTo("modified");
        gateway.reload();
        assertThat(gateway.get("/moved/x").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/created/x").statusCode()).isEqualTo(404);

        assertThat(ok(gateway.admin("DELETE", "/tyk/apis/oas/" + id, null)).get("action").asText()).isEqualTo("deleted");
        assertThat(Files.exists(apps.resolve(id + ".json"))).isFalse();
        gateway.reload();
        assertThat(gateway.get("/moved/x").statusCode()).isEqualTo(404);
        assertThat(gateway.admin("GET", "/tyk/apis/oas/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void importTurnsAPlainOpenApiDocumentIntoAnApi() {
        String plain = """
                {"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
                 "servers": [{"url": "%s"}],
                 "components": {"securitySchemes": {"api_key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}},
                 "security": [{"api_key": []}],
                 "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}}}}
                """.formatted(upstream.url());
        String id = ok(gateway.admin("POST", "/tyk/apis/oas/import?listenPath=/pets-api/&authentication=true&apiID=pets", plain)).get("key").asText();
        assertThat(id).isEqualTo("pets");
        gateway.reload();
        assertThat(gateway.get("/pets-api/pets").statusCode()).isEqualTo(401);
        String key = gateway.createKey("{}");
        assertThat(gateway.get("/pets-api/pets", "X-Api-Key", key).statusCode()).isEqualTo(200);
    }

    @Test
    void badDefinitionsAreRefusedNamingTheField() {
        assertThat(message(gateway.admin("POST", "/tyk/apis/oas", "{\"openapi\": \"3.0.3\"}"))).startsWith("x-tyk-api-gateway: is required");
        ApiDocs noListen = ApiDocs.keyless("x", "/x/", upstream.url());
        noListen.ext().withObjectProperty("server").withObjectProperty("listenPath").put("value", "no-slash");
        assertThat(message(gateway.admin("POST", "/tyk/apis/oas", noListen.json()))).startsWith("x-tyk-api-gateway.server.listenPath.value");
        ApiDocs badRate = ApiDocs.keyless("y", "/y/", upstream.url());
        badRate.operation("GET", "/z", "z").putObject("rateLimit").put("enabled", true).put("rate", 5).put("per", "soon");
        assertThat(message(gateway.admin("POST", "/tyk/apis/oas", badRate.json()))).startsWith("x-tyk-api-gateway.middleware.operations.z.rateLimit.per");
        ApiDocs ghost = ApiDocs.keyless("g", "/g/", upstream.url());
        ghost.ext().withObjectProperty("middleware").withObjectProperty("operations").putObject("nothere");
        assertThat(message(gateway.admin("POST", "/tyk/apis/oas", ghost.json()))).contains("nothere");
        assertThat(message(gateway.admin("POST", "/tyk/apis/oas", "{nope"))).contains("not valid JSON");
    }

    @Test
    void keyLifecycle() {
        JsonNode created = ok(gateway.admin("POST", "/tyk/keys", "{\"rate\": 10, \"per\": 1, \"meta_data\": {\"user\": \"u1\"}}"));
        String key = created.get("key").asText();
        String hash = created.get("key_hash").asText();
        assertThat(hash).isNotEqualTo(key).hasSize(64);
        assertThat(ok(gateway.admin("GET", "/tyk/keys/" + key, null)).get("meta_data").get("user").asText()).isEqualTo("u1");
        assertThat(ok(gateway.admin("GET", "/tyk/keys/" + hash + "?hashed=true", null)).get("rate").asDouble()).isEqualTo(10);
        assertThat(ok(gateway.admin("GET", "/tyk/keys", null)).get("keys").toString()).contains(hash).doesNotContain(key);

        assertThat(ok(gateway.admin("PUT", "/tyk/keys/" + key, "{\"rate\": 20, \"per\": 1}")).get("action").asText()).isEqualTo("modified");
        assertThat(ok(gateway.admin("GET", "/tyk/keys/" + key, null)).get("rate").asDouble()).isEqualTo(20);
        assertThat(gateway.admin("PUT", "/tyk/keys/nope", "{}").statusCode()).isEqualTo(404);

        // As Tyk with hash_key_function set: the custom key is stored (and answered) in its base64 JSON form,
        // and found by its name as well.
        String custom = ok(gateway.admin("POST", "/tyk/keys/my-custom-key", "{}")).get("key").asText();
        assertThat(new String(Base64.getDecoder().decode(custom))).isEqualTo("{\"org\":\"\",\"id\":\"my-custom-key\",\"h\":\"sha256\"}");
        assertThat(gateway.admin("GET", "/tyk/keys/my-custom-key", null).statusCode()).isEqualTo(200);
        assertThat(gateway.admin("POST", "/tyk/keys/my-custom-key", "{}").statusCode()).isEqualTo(400);

        assertThat(ok(gateway.admin("DELETE", "/tyk/keys/" + key, null)).get("action").asText()).isEqualTo("deleted");
        assertThat(gateway.admin("GET", "/tyk/keys/" + key, null).statusCode()).isEqualTo(404);
        assertThat(gateway.admin("DELETE", "/tyk/keys/" + key, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badKeysAndPoliciesAreRefusedNamingTheField() {
        assertThat(message(gateway.admin("POST", "/tyk/keys", "{\"rate\": \"fast\"}"))).startsWith("rate");
        assertThat(message(gateway.admin("POST", "/tyk/keys", "{\"quota_max\": -5}"))).startsWith("quota_max");
        assertThat(message(gateway.admin("POST", "/tyk/keys", "{\"apply_policies\": [\"missing\"]}"))).startsWith("apply_policies");
        assertThat(message(gateway.admin("POST", "/tyk/keys", "{\"access_rights\": {\"a\": {\"allowed_urls\": 5}}}"))).startsWith("access_rights");
        assertThat(message(gateway.admin("POST", "/tyk/policies", "{\"partitions\": {\"per_api\": true, \"quota\": true}}"))).startsWith("partitions");
        assertThat(message(gateway.admin("POST", "/tyk/policies", "{\"per\": []}"))).startsWith("per");
    }

    @Test
    void policyLifecycle() {
        JsonNode created = ok(gateway.admin("POST", "/tyk/policies", "{\"name\": \"silver\", \"rate\": 5, \"per\": 1}"));
        String id = created.get("key").asText();
        assertThat(ok(gateway.admin("GET", "/tyk/policies/" + id, null)).get("name").asText()).isEqualTo("silver");
        assertThat(ok(gateway.admin("GET", "/tyk/policies", null)).toString()).contains(id);
        ok(gateway.admin("PUT", "/tyk/policies/" + id, "{\"name\": \"gold\", \"rate\": 50, \"per\": 1}"));
        assertThat(ok(gateway.admin("GET", "/tyk/policies/" + id, null)).get("name").asText()).isEqualTo("gold");
        ok(gateway.admin("DELETE", "/tyk/policies/" + id, null));
        assertThat(gateway.admin("GET", "/tyk/policies/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void reloadGroupAnswersLikeTyk() {
        JsonNode answer = ok(gateway.admin("GET", "/tyk/reload/group", null));
        assertThat(answer.get("status").asText()).isEqualTo("ok");
    }

    @Test
    void hostileDocumentsAreRefusedWith400AndAMessageNever500() {
        String deepArrays = "[".repeat(200_000) + "]".repeat(200_000);
        String deepObject = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        for (String path : new String[]{"/tyk/apis/oas", "/tyk/apis/oas/import", "/tyk/keys", "/tyk/policies"}) {
            // Keys and policies are objects: an array is refused at its first token, before any depth is reached.
            HttpResponse<String> arrays = gateway.send(gateway.request(path).header("x-tyk-authorization", RunningGateway.SECRET)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(deepArrays)).build());
            assertThat(message(arrays)).as(path).isNotBlank();
            HttpResponse<String> objects = gateway.send(gateway.request(path).header("x-tyk-authorization", RunningGateway.SECRET)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(deepObject)).build());
            assertThat(message(objects)).as(path).contains("nesting depth (201) exceeds the maximum allowed (200");
        }
    }

    @Test
    void aBodyTheFormDecoderRefusesIsAJson400() {
        HttpResponse<String> r = gateway.send(gateway.request("/tyk/keys").header("x-tyk-authorization", RunningGateway.SECRET)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("[".repeat(200_000))).build());
        assertThat(message(r)).contains("send JSON with Content-Type: application/json");
    }
}
