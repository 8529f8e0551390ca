package io.sluice.console.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.runtime.GatewayJson;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Calls the dashboard's or portal's JSON API as the browser app does: a cookie jar, and the CSRF cookie echoed in the
 * {@code X-XSRF-TOKEN} header on changes.
 */
public final class BrowserClient {

    /** An answer: status, headers and the body as JSON. */
    public record Answer(int status, HttpResponse<String> response) {
        public JsonNode json() {
            try {
                return GatewayJson.MAPPER.readTree(response.body());
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + response.body(), e);
            }
        }

        public List<String> setCookies() {
            return response.headers().allValues("set-cookie");
        }
    }

    private final String base;
    private final String csrfCookie;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    /** @param app "dashboard" or "portal" */
    public BrowserClient(String base, String app) {
        this.base = base;
        this.csrfCookie = "sluice_" + app + "_xsrf";
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), false);
    }

    public Answer post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(json)), true);
    }

    public Answer put(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.ofString(json)), true);
    }

    /** A change without the CSRF header, as a forged cross-site request would arrive. */
    public Answer postWithoutCsrf(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(json)), false);
    }

    /** GET /api/session (which sets the CSRF cookie), then POST /api/login and GET /api/session again. */
    public Answer login(String email, String password) throws Exception {
        get("/api/session");
        Answer answer = post("/api/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        get("/api/session");
        return answer;
    }

    private Answer send(HttpRequest.Builder request, boolean withCsrf) throws Exception {
        request.timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Accept", "application/json");
        if (withCsrf) {
            request.header("X-XSRF-TOKEN", cookie(csrfCookie));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response);
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue)
                .findFirst().orElse("");
    }
}
