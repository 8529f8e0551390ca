package io.sluice.core.observe;

import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.core.spec.FieldSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lint of the {@code metrics} and {@code tracer} sections: every field of every type is checked. */
class MetricsSpecTest {

    private static List<ConfigProblem> lint(String tail) throws Exception {
        ComponentRegistry r = new ComponentRegistry();
        new CoreComponents().register(r);
        r.register(ComponentSpec.input("generate").fields(FieldSpec.string("mapping")), (c, ctx) -> null);
        r.register(ComponentSpec.output("drop").fields(), (c, ctx) -> null);
        String yaml = "input:\n  generate:\n    mapping: 'root = 1'\noutput:\n  drop: {}\n" + tail;
        return new ConfigValidator(r, null).validate(ConfigLoader.parseRaw(yaml, "s.yaml"), StreamSpec.ROOT);
    }

    @Test
    void everyTypeWithItsFieldsIsAccepted() throws Exception {
        assertThat(lint("metrics:\n  prometheus:\n    use_histogram_timing: true\n    push_url: http://pg:9091\n    push_interval: 5s\n")).isEmpty();
        assertThat(lint("metrics:\n  statsd:\n    address: localhost:8125\n    flush_period: 50ms\n    tag_format: datadog\n    tags: {a: b}\n")).isEmpty();
        assertThat(lint("metrics:\n  json_api: {}\n")).isEmpty();
        assertThat(lint("metrics:\n  logger:\n    push_interval: 1m\n")).isEmpty();
        assertThat(lint("metrics:\n  none: {}\n")).isEmpty();
        assertThat(lint("metrics:\n  open_telemetry_collector:\n    http:\n      - address: localhost:4318\n")).isEmpty();
        assertThat(lint("tracer:\n  open_telemetry_collector:\n    service: s\n    http: [{address: 'localhost:4318'}]\n    sampling: {enabled: true, ratio: 0.5}\n")).isEmpty();
        assertThat(lint("tracer:\n  jaeger:\n    agent_address: localhost:6831\n")).isEmpty();
    }

    @Test
    void aMisspelledFieldIsReportedWithItsPosition() throws Exception {
        List<ConfigProblem> problems = lint("metrics:\n  statsd:\n    adress: localhost:8125\n");
        assertThat(problems).extracting(ConfigProblem::toString).anySatisfy(p -> assertThat(p)
                .contains("s.yaml:8:5").contains("adress").contains("address"));
        assertThat(lint("tracer:\n  open_telemetry_collector:\n    http: [{adress: x}]\n")).isNotEmpty();
        assertThat(lint("metrics:\n  prometheus:\n    use_histogram_timings: true\n")).isNotEmpty();
    }

    @Test
    void wrongValuesAreReported() throws Exception {
        assertThat(lint("metrics:\n  statsd:\n    address: x:1\n    tag_format: graphite\n")).isNotEmpty();
        assertThat(lint("metrics:\n  statsd:\n    flush_period: 1s\n")).as("address is required").isNotEmpty();
        assertThat(lint("metrics:\n  promethus: {}\n")).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).contains("prometheus"));
    }

    @Test
    void mappingBesideTheTypeIsAcceptedAndChecked() throws Exception {
        assertThat(lint("metrics:\n  prometheus: {}\n  mapping: 'root = this.replace_all(\"_\", \".\")'\n")).isEmpty();
        assertThat(lint("metrics:\n  mapping: 'root = deleted()'\n  json_api: {}\n")).isEmpty();
        assertThat(lint("metrics:\n  prometheus: {}\n  mapping: [1]\n")).isNotEmpty();
        assertThat(lint("tracer:\n  none: {}\n  mapping: 'root = this'\n")).as("only metrics have a mapping").isNotEmpty();
    }
}
