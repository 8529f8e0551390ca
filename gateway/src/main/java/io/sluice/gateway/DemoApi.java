package io.sluice.gateway;

/**
 * The API a fresh gateway starts with, so {@code sluice gateway} does something visible out of the box: a keyless
 * REST API at {@code /demo/} proxying to the gateway's own loopback echo service. Created next to the demo stream API
 * ({@link DemoStreamApi}).
 */
final class DemoApi {

    static final String FILE_NAME = "demo-echo.json";

    private DemoApi() {
    }

    static String document(int gatewayPort) {
        return """
                {
                  "openapi": "3.0.3",
                  "info": {"title": "Sluice demo echo", "version": "1.0.0"},
                  "paths": {},
                  "x-tyk-api-gateway": {
                    "info": {"id": "demo-echo", "name": "Sluice demo echo", "state": {"active": true}},
                    "upstream": {"url": "http://127.0.0.1:%d/sluice/echo"},
                    "server": {"listenPath": {"value": "/demo/", "strip": true}}
                  }
                }
                """.formatted(gatewayPort);
    }
}
