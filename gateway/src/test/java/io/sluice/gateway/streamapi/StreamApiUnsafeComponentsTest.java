package io.sluice.gateway.streamapi;

import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.gateway.config.StreamingConfig;
import io.sluice.gateway.support.Eventually;
import io.sluice.gateway.support.Json;
import io.sluice.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Attacks through API definitions: whoever may post one must not reach the gateway host through its streams (files,
 * sockets, processes, terminal, environment). Such definitions get 400 naming the component, its path in the stream
 * and the setting that would allow it; from app_path they are skipped; {@code streaming.allow_unsafe} allows them.
 */
class StreamApiUnsafeComponentsTest {

    @TempDir
    static Path dir;
    private static Path secretFile;
    private static RunningGateway strict;
    private static RunningGateway permissive;

    @BeforeAll
    static void start() throws Exception {
        secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, "host secret\n");
        strict = RunningGateway.start(dir.resolve("strict-apps"),
                StreamApiDocs.of("from-disk", "/from-disk/").yaml("leak", fileStream()).docs());
        permissive = RunningGateway.start(dir.resolve("permissive-apps"),
                c -> c.withStreaming(new StreamingConfig(true, List.of("file"))),
                StreamApiDocs.of("from-disk", "/from-disk/").yaml("leak", fileStream()).docs(),
                StreamApiDocs.of("read-file", "/read-file/").yaml("s", """
                        input:
                          generate:
                            interval: 50ms
                            mapping: 'root = file("%s").string()'
                        output:
                          http_server:
                            path: /get
                        """.formatted(secretFile)).docs());
    }

    @AfterAll
    static void stop() {
        strict.close();
        permissive.close();
    }

    private static String fileStream() {
        return """
                input:
                  file:
                    paths: [ %s ]
                output:
                  http_server:
                    path: /get
                """.formatted(secretFile);
    }

    private static final AtomicInteger ATTEMPTS = new AtomicInteger();

    private static String refusal(String yaml) {
        int n = ATTEMPTS.incrementAndGet();
        HttpResponse<String> answer = strict.admin("POST", "/tyk/apis/oas", StreamApiDocs.of("attack-" + n, "/attack-" + n + "/").yaml("s", yaml).json());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        return Json.read(answer.body()).path("message").asText();
    }

    private static final String OUT = "output:\n  http_server:\n    path: /get\n";
    private static final String GENERATE = "input:\n  generate:\n    mapping: 'root = \"x\"'\n";

    @Test
    void aFileInputIsRefusedNamingItsPathAndTheSetting() {
        assertThat(refusal(fileStream())).startsWith("x-tyk-streaming.streams.s.input.file (line 2, column 3 of the YAML): the file input")
                .contains("streaming.allow_unsafe: [\"file\"]").contains("stream 's']");
    }

    @Test
    void fromAppPathTheDefinitionIsSkippedAndItsPathsAreNotServed() {
        assertThat(strict.gateway().problems()).anySatisfy(p -> assertThat(p.message()).contains("input.file").contains("allow_unsafe"));
        assertThat(strict.get("/from-disk/get").statusCode()).isEqualTo(404);
    }

    @Test
    void theSettingAllowsItAndTheStreamRuns() {
        assertThat(permissive.gateway().problems()).isEmpty();
        assertThat(permissive.gateway().routes().byId("from-disk")).isPresent();
        assertThat(permissive.gateway().streamApis().streamsOf("from-disk").orElseThrow().streams()).containsExactly("leak");
        Eventually.within(Duration.ofSeconds(10), () -> permissive.get("/read-file/get").body().contains("host secret"));
        // allowing "file" does not allow the rest
        HttpResponse<String> stdout = permissive.admin("POST", "/tyk/apis/oas",
                StreamApiDocs.of("out", "/out/").yaml("s", GENERATE + "output:\n  stdout: {}\n").json());
        assertThat(stdout.statusCode()).isEqualTo(400);
    }

    @Test
    void everyComponentOnTheListIsRefusedWhereverItSits() {
        assertThat(refusal(GENERATE + "output:\n  stdout: {}\n")).contains("output.stdout").contains("[\"stdout\"]");
        assertThat(refusal("input:\n  stdin: {}\n" + OUT)).contains("input.stdin");
        assertThat(refusal(GENERATE + "output:\n  file:\n    path: /tmp/x\n")).contains("output.file");
        // not in Sluice yet, refused by name all the same
        assertThat(refusal("input:\n  subprocess:\n    name: cat\n" + OUT)).contains("input.subprocess").contains("[\"subprocess\"]");
        assertThat(refusal("input:\n  socket_server:\n    address: 0.0.0.0:1\n" + OUT)).contains("input.socket_server");
        assertThat(refusal(GENERATE + "pipeline:\n  processors:\n    - command:\n        name: id\n" + OUT))
                .contains("pipeline.processors.0.command").contains("[\"command\"]");
        assertThat(refusal(GENERATE + "pipeline:\n  processors:\n    - wasm: {}\n" + OUT)).contains("pipeline.processors.0.wasm");
        assertThat(refusal(GENERATE + "cache_resources:\n  - label: c\n    file:\n      directory: /tmp\n" + OUT))
                .contains("cache_resources.0.file").contains("cache");
        // nested inside other components
        assertThat(refusal(GENERATE + "output:\n  broker:\n    outputs:\n      - http_server:\n          path: /get\n      - stdout: {}\n"))
                .contains("output.broker.outputs.1.stdout");
        assertThat(refusal("input:\n  generate:\n    mapping: 'root = 1'\n  processors:\n    - command:\n        name: id\n" + OUT))
                .contains("input.processors.0.command");
    }

    @Test
    void fieldsThatNameHostFilesAreRefusedAndInlineValuesAllowed() {
        assertThat(refusal(GENERATE + "pipeline:\n  processors:\n    - json_schema:\n        schema_path: file://" + secretFile + "\n" + OUT))
                .contains("pipeline.processors.0.json_schema.schema_path").contains("reads files of the gateway host").contains("[\"file\"]");
        assertThat(refusal(GENERATE + "pipeline:\n  processors:\n    - grok:\n        expressions: ['%{WORD:w}']\n        pattern_paths: [ " + dir + " ]\n" + OUT))
                .contains("pipeline.processors.0.grok.pattern_paths");
        // the same processors with their schema and patterns inline are fine
        HttpResponse<String> inline = strict.admin("POST", "/tyk/apis/oas", StreamApiDocs.of("inline-schema", "/inline-schema/").yaml("s",
                GENERATE + "pipeline:\n  processors:\n    - json_schema:\n        schema: '{\"type\": \"string\"}'\n"
                        + "    - grok:\n        expressions: ['%{WORD:w}']\n" + OUT).json());
        assertThat(inline.statusCode()).as(inline.body()).isEqualTo(200);
    }

    @Test
    void bloblangFunctionsThatReadTheHostAreRefused() {
        assertThat(refusal("input:\n  generate:\n    mapping: 'root = env(\"HOME\")'\n" + OUT))
                .contains("input.generate.mapping").contains("function env()").contains("[\"env\"]");
        assertThat(refusal("input:\n  generate:\n    mapping: 'root = hostname()'\n" + OUT)).contains("function hostname()");
        assertThat(refusal("input:\n  generate:\n    mapping: 'root = file(\"" + secretFile + "\")'\n" + OUT))
                .contains("function file()").contains("[\"file\"]");
        assertThat(refusal(GENERATE + "pipeline:\n  processors:\n    - mapping: 'root = this.bloblang(\"root = env(\\\"HOME\\\")\")'\n" + OUT))
                .contains("function env()");
        assertThat(refusal(GENERATE + "pipeline:\n  processors:\n    - mapping: |\n        import \"" + secretFile + "\"\n        root = this\n" + OUT))
                .contains("imports read files of the gateway host");
        assertThat(refusal("input:\n  generate:\n    mapping: 'root = \"${HOME}\"'\n" + OUT))
                .contains("${HOME} reads an environment variable").contains("[\"env\"]");
        assertThat(refusal(GENERATE + "pipeline:\n  processors:\n    - log:\n        message: '${! env(\"HOME\") }'\n" + OUT))
                .contains("pipeline.processors.0.log.message").contains("function env()");
    }

    @Test
    void mappingsBuiltFromDataStayRestricted() throws Exception {
        HostAccess access = new HostAccess(ComponentRegistry.global(), List.of());
        Mapping mapping = access.language().parseMapping("root = this.bloblang(this.code)");
        Batch message = Batch.of(Part.of("{\"code\": \"root = env(\\\"HOME\\\")\"}"));
        assertThatThrownBy(() -> mapping.map(message, 0)).isInstanceOf(MappingException.class).hasMessageContaining("function env()");
        // the same mapping outside API streams keeps every function
        ConfigNode tree = ConfigLoader.parseRaw("input: {file: {paths: [/x]}}", "x");
        assertThat(new HostAccess(ComponentRegistry.global(), List.of("file")).refusals(tree, StreamSpec.ROOT)).isEmpty();
    }

    @Test
    void httpServerInsideAnApiMayStillNotBindItsOwnAddress() {
        assertThat(refusal(GENERATE + "output:\n  http_server:\n    address: 0.0.0.0:4195\n"))
                .contains("http_server.address").contains("address is not allowed inside an API");
    }
}
