package io.sluice.gateway.streaming.edge;

import io.sluice.gateway.streaming.StreamEndpoint;
import io.sluice.gateway.streaming.StreamRoutes;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone servers of {@code http_server} components ({@code sluice run}). */
class StandaloneServersTest {

    private static StreamEndpoint answering(String path, int status) {
        return new StreamEndpoint(path, StreamEndpoint.Kind.REQUEST, Set.of("GET"), "test " + path,
                request -> request.request().response().setStatusCode(status).end());
    }

    @Test
    void a_component_s_paths_are_all_served_once_its_server_accepts_connections() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        List<StreamRoutes.Mount> mounts = StandaloneServers.mount(address, StandaloneServers.Tls.NONE,
                List.of(answering("/get", 200), answering("/get/stream", 201), answering("/get/ws", 202)));
        try {
            HttpClient http = HttpClient.newHttpClient();
            // routed before the server listened: the first connection already finds every path
            for (String path : List.of("/get/ws", "/get/stream", "/get")) {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                assertThat(status).as(path).isBetween(200, 202);
            }
            assertThatThrownBy(() -> StandaloneServers.mount(address, StandaloneServers.Tls.NONE, List.of(answering("/other", 200), answering("/get", 200))))
                    .hasMessageContaining("path /get");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/other")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("a refused component leaves no path behind").isEqualTo(404);
        } finally {
            mounts.forEach(StreamRoutes.Mount::close);
        }
        assertThat(StandaloneServers.boundPort(address)).as("closed with its last path").isEqualTo(-1);
    }
}
