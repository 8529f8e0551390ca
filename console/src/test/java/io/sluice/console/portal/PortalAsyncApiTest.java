package io.sluice.console.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.console.support.BrowserClient;
import io.sluice.console.support.PortalFixture;
import io.sluice.console.support.RunningConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's AsyncAPI route: the gateway's generated document for a published product's stream API, to anyone (the
 * catalogue is public); nothing for products that are not published or do not exist.
 */
class PortalAsyncApiTest {

    @TempDir
    static Path directory;
    static RunningConsole running;
    static PortalFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        running = RunningConsole.embedded(directory);
        fixture = new PortalFixture(running);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void a_published_async_product_has_the_gateways_asyncapi_document() throws Exception {
        BrowserClient visitor = new BrowserClient(running.portalUrl(), "portal");
        BrowserClient.Answer answer = visitor.get("/api/products/" + fixture.productId + "/asyncapi");

        assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
        JsonNode doc = answer.json();
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("channels").properties()).extracting(e -> e.getValue().path("address").asText()).contains("/out", "/in");
        assertThat(doc.path("operations").properties()).extracting(e -> e.getValue().path("action").asText()).contains("send", "receive");
        assertThat(doc.path("components").path("securitySchemes").size()).as("the API takes keys").isPositive();

        BrowserClient.Answer download = visitor.get("/api/products/" + fixture.productId + "/asyncapi?download");
        assertThat(download.response().headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment; filename=\"trades-").endsWith("-asyncapi.json\""));
    }

    @Test
    void unpublished_and_unknown_products_are_not_found() throws Exception {
        String hidden = fixture.owner.post("/api/products", "{\"name\":\"Hidden trades\",\"api_id\":\"" + fixture.apiId
                + "\",\"policy_id\":\"" + fixture.policyId + "\",\"published\":false}").json().path("id").asText();
        assertThat(hidden).isNotBlank();
        BrowserClient visitor = new BrowserClient(running.portalUrl(), "portal");

        BrowserClient.Answer unpublished = visitor.get("/api/products/" + hidden + "/asyncapi");
        assertThat(unpublished.status()).isEqualTo(404);
        assertThat(unpublished.json().path("error").asText()).contains("no published product");
        assertThat(unpublished.response().body()).doesNotContain("asyncapi\"");

        assertThat(visitor.get("/api/products/no-such-product/asyncapi").status()).isEqualTo(404);
    }
}
