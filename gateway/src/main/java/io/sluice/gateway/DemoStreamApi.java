package io.sluice.gateway;

/**
 * The stream API a fresh gateway starts with, next to the REST echo demo: a {@code generate} input emitting one JSON
 * message per second, a {@code mapping} processor, and an {@code http_server} output serving it over WebSocket
 * ({@code /demo-stream/ws}), Server-Sent Events ({@code /demo-stream/sse}) and GET ({@code /demo-stream/get}),
 * secured by an auth token read from the {@code Authorization} header, the {@code key} query parameter (browsers'
 * EventSource and WebSocket cannot set headers) or the {@code sluice-key} cookie.
 */
final class DemoStreamApi {

    static final String FILE_NAME = "demo-stream.json";
    static final String API_ID = "demo-stream";
    static final String LISTEN_PATH = "/demo-stream/";

    /** Body of {@code POST /tyk/keys} creating a key for the demo stream API. */
    static final String KEY_REQUEST = "{\"access_rights\": {\"" + API_ID + "\": {\"api_id\": \"" + API_ID + "\", \"api_name\": \"Sluice demo stream\"}}}";

    private DemoStreamApi() {
    }

    static String document() {
        return """
                {
                  "openapi": "3.0.3",
                  "info": {"title": "Sluice demo stream", "version": "1.0.0"},
                  "paths": {},
                  "components": {
                    "securitySchemes": {"authToken": {"type": "apiKey", "in": "header", "name": "Authorization"}}
                  },
                  "security": [{"authToken": []}],
                  "x-tyk-api-gateway": {
                    "info": {"id": "%s", "name": "Sluice demo stream", "state": {"active": true}},
                    "server": {
                      "listenPath": {"value": "%s", "strip": true},
                      "authentication": {
                        "enabled": true,
                        "securitySchemes": {
                          "authToken": {
                            "enabled": true,
                            "header": {"enabled": true, "name": "Authorization"},
                            "query": {"enabled": true, "name": "key"},
                            "cookie": {"enabled": true, "name": "sluice-key"}
                          }
                        }
                      }
                    }
                  },
                  "x-tyk-streaming": {
                    "limits": "messages",
                    "streams": {
                      "ticker": {
                        "input": {
                          "generate": {
                            "interval": "1s",
                            "mapping": "root = {\\"n\\": counter(), \\"at\\": now(), \\"message\\": \\"hello from Sluice\\"}"
                          }
                        },
                        "pipeline": {
                          "processors": [{"mapping": "root = this\\nroot.shout = this.message.uppercase()"}]
                        },
                        "output": {
                          "http_server": {
                            "path": "/get",
                            "stream_path": "/sse",
                            "ws_path": "/ws",
                            "stream_format": "event_source",
                            "ws_message_type": "text"
                          }
                        }
                      }
                    }
                  }
                }
                """.formatted(API_ID, LISTEN_PATH);
    }
}
