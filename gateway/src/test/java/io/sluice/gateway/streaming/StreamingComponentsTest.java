package io.sluice.gateway.streaming;

import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ConfigValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingComponentsTest {

    @Test
    void theServiceFileRegistersTheComponents() {
        ComponentRegistry r = ComponentRegistry.load();
        assertThat(r.find(ComponentKind.INPUT, "http_server")).isPresent();
        assertThat(r.find(ComponentKind.OUTPUT, "http_server")).isPresent();
        assertThat(r.find(ComponentKind.OUTPUT, "sync_response")).isPresent();
        assertThat(r.find(ComponentKind.PROCESSOR, "sync_response")).isPresent();
    }

    @Test
    void lintKnowsTheFieldsAndTheirOptions() throws Exception {
        var problems = ConfigValidator.withDefaults(StreamTestKit.registry()).validate(ConfigLoader.parseRaw("""
                input:
                  http_server:
                    path: /in
                    sync_response: {status: "201"}
                output:
                  http_server:
                    delivery: everyone
                    slow_consumer: disconnect
                """, "lint.yaml"), StreamSpec.ROOT);
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst().toString()).contains("output.http_server.delivery").contains("everyone");
    }
}
