package io.sluice.connectors.http;

import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ConfigValidator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Configs written for the original, with every field the dialect documents, lint clean and build. */
class ConfigCompatTest {

    private static List<ConfigProblem> lint(String yaml) throws Exception {
        return ConfigValidator.withDefaults(ComponentRegistry.global()).validate(ConfigLoader.parseRaw(yaml, "compat.yaml"), StreamSpec.ROOT);
    }

    @Test
    void everyDocumentedFieldIsAccepted() throws Exception {
        String yaml = """
                input:
                  http_client:
                    url: "http://localhost:4195/get?page=${! this.next | 1 }"
                    verb: GET
                    headers: { X-Foo: bar }
                    metadata: { include_prefixes: [], include_patterns: [] }
                    dump_request_log_level: ""
                    oauth: { enabled: false, consumer_key: "", consumer_secret: "", access_token: "", access_token_secret: "" }
                    oauth2: { enabled: false, client_key: "", client_secret: "", token_url: "", scopes: [], endpoint_params: {} }
                    basic_auth: { enabled: false, username: "", password: "" }
                    jwt: { enabled: false, private_key_file: "", signing_method: "", claims: {}, headers: {} }
                    tls:
                      enabled: false
                      skip_cert_verify: false
                      enable_renegotiation: false
                      root_cas: ""
                      root_cas_file: ""
                      client_certs: []
                    extract_headers: { include_prefixes: [], include_patterns: [] }
                    rate_limit: ""
                    timeout: 5s
                    retry_period: 1s
                    max_retry_backoff: 300s
                    retries: 3
                    follow_redirects: true
                    backoff_on: [ 429 ]
                    drop_on: []
                    successful_on: []
                    proxy_url: ""
                    disable_http2: false
                    payload: ""
                    drop_empty_bodies: true
                    stream:
                      enabled: false
                      reconnect: true
                      scanner:
                        lines: {}
                    auto_replay_nacks: true
                pipeline:
                  processors:
                    - http:
                        url: http://localhost:4195/post
                        verb: POST
                        headers: {}
                        rate_limit: ""
                        timeout: 5s
                        parallel: false
                        batch_as_multipart: false
                        successful_on: [ 303 ]
                output:
                  http_client:
                    url: http://localhost:4195/post
                    verb: POST
                    headers: { Content-Type: application/json }
                    timeout: 5s
                    max_in_flight: 64
                    batch_as_multipart: false
                    propagate_response: false
                    extract_headers: { include_prefixes: [], include_patterns: [] }
                    batching: { count: 0, byte_size: 0, check: "", processors: [] }
                    multipart: []
                """;
        assertThat(lint(yaml)).isEmpty();
        Harness.stream(yaml); // builds: nothing is contacted until the stream runs
    }

    @Test
    void theDocumentedPaginationExampleBuilds() throws Exception {
        String yaml = """
                input:
                  http_client:
                    url: >-
                      https://api.example.com/search?query=allmyfoos&start_time=${! (
                        (timestamp_unix()-300).ts_format("2006-01-02T15:04:05Z","UTC").escape_url_query()
                      ) }${! ("&next_token="+this.meta.next_token.not_null()) | "" }
                    verb: GET
                    rate_limit: foo_searches
                    oauth2:
                      enabled: true
                      token_url: https://api.example.com/oauth2/token
                      client_key: "key"
                      client_secret: "secret"
                rate_limit_resources:
                  - label: foo_searches
                    local:
                      count: 1
                      interval: 30s
                output:
                  drop: {}
                """;
        assertThat(lint(yaml)).isEmpty();
        Harness.stream(yaml);
    }

    @Test
    void deprecatedStreamCodecStillWorks() throws Exception {
        String yaml = """
                input:
                  http_client:
                    url: http://localhost:4195/stream
                    stream:
                      enabled: true
                      codec: lines
                      max_buffer: 1000000
                output:
                  drop: {}
                """;
        assertThat(lint(yaml)).isEmpty();
        Harness.stream(yaml);
    }

    @Test
    void misspelledFieldsAreReportedWithASuggestion() throws Exception {
        List<ConfigProblem> problems = lint("""
                input:
                  generate: { mapping: 'root = 1' }
                output:
                  http_client:
                    url: http://localhost/x
                    retry_perod: 1s
                """);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString()).contains("retry_perod").contains("retry_period");
    }
}
