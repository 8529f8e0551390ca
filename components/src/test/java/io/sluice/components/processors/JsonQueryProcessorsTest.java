package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** jq and jmespath: what each message becomes, what is dropped, what is flagged, and what lint refuses. */
class JsonQueryProcessorsTest {
    private final Harness h = new Harness();

    @Test
    void jqReplacesTheMessageByTheProgramsResult() throws Exception {
        Processor p = h.processor("""
                jq:
                  query: '{id, total: ([.lines[] | .price * .qty] | add)}'
                """);
        List<Batch> out = run(p, Batch.of(Part.of("{\"id\":\"o1\",\"lines\":[{\"price\":2,\"qty\":3},{\"price\":1.5,\"qty\":2}]}")));
        assertThat(flatTexts(out)).containsExactly("{\"id\":\"o1\",\"total\":9}");
    }

    @Test
    void jqReadsMetadataAsAVariable() throws Exception {
        Processor p = h.processor("jq:\n  query: '.name + \"@\" + $metadata.topic'");
        Part in = Part.of("{\"name\":\"ada\"}");
        in.setMeta("topic", "users");
        assertThat(flatTexts(run(p, Batch.of(in)))).containsExactly("\"ada@users\"");
    }

    @Test
    void jqDropsAMessageWhenNothingIsYieldedAndGathersSeveralValuesIntoAnArray() throws Exception {
        Processor select = h.processor("jq:\n  query: 'select(.level == \"error\")'");
        List<Batch> out = run(select, Batch.of(Part.of("{\"level\":\"info\"}"), Part.of("{\"level\":\"error\"}")));
        assertThat(flatTexts(out)).containsExactly("{\"level\":\"error\"}");

        Processor each = h.processor("jq:\n  query: '.items[]'");
        assertThat(flatTexts(run(each, Batch.of(Part.of("{\"items\":[1,\"two\",{\"three\":3}]}")))))
                .containsExactly("[1,\"two\",{\"three\":3}]");
    }

    @Test
    void jqRawInputAndRawOutput() throws Exception {
        Processor p = h.processor("""
                jq:
                  query: 'ascii_upcase'
                  raw: true
                  output_raw: true
                """);
        assertThat(flatTexts(run(p, Batch.of(Part.of("not json at all"))))).containsExactly("NOT JSON AT ALL");

        Processor quoted = h.processor("jq:\n  query: '.name'");
        assertThat(flatTexts(run(quoted, Batch.of(Part.of("{\"name\":\"x\"}"))))).containsExactly("\"x\"");
    }

    @Test
    void jqFlagsFailuresAndLeavesTheMessageAsItWas() throws Exception {
        Processor p = h.processor("jq:\n  query: '.a + 1'");
        List<Batch> out = run(p, Batch.of(Part.of("{\"a\":\"text\"}"), Part.of("nope"), Part.of("{\"a\":1}")));
        assertThat(flatTexts(out)).containsExactly("{\"a\":\"text\"}", "nope", "2");
        List<String> errors = errors(out);
        assertThat(errors.get(0)).startsWith("jq: ");
        assertThat(errors.get(1)).contains("not valid JSON");
        assertThat(errors.get(2)).isNull();
    }

    @Test
    void lintRefusesAJqProgramThatDoesNotCompile() {
        assertThatThrownBy(() -> h.processor("jq:\n  query: '.a | | .b'"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jq.query").hasMessageContaining("invalid jq query");
    }

    @Test
    void jmespathSelectsFromEachMessage() throws Exception {
        Processor p = h.processor("jmespath:\n  query: \"locations[?state == 'WA'].name | sort(@)\"");
        String doc = "{\"locations\":[{\"name\":\"Seattle\",\"state\":\"WA\"},{\"name\":\"New York\",\"state\":\"NY\"},"
                + "{\"name\":\"Bellevue\",\"state\":\"WA\"}]}";
        assertThat(flatTexts(run(p, Batch.of(Part.of(doc))))).containsExactly("[\"Bellevue\",\"Seattle\"]");
    }

    @Test
    void jmespathWritesNullWhenNothingMatchesAndFlagsWhatIsNotJson() throws Exception {
        Processor p = h.processor("jmespath:\n  query: 'user.name'");
        List<Batch> out = run(p, Batch.of(Part.of("{\"other\":1}"), Part.of("<xml/>")));
        assertThat(flatTexts(out)).containsExactly("null", "<xml/>");
        assertThat(errors(out).get(0)).isNull();
        assertThat(errors(out).get(1)).contains("not valid JSON");
    }

    @Test
    void jmespathFunctionErrorsFlagTheMessage() throws Exception {
        Processor p = h.processor("jmespath:\n  query: 'abs(name)'");
        List<Batch> out = run(p, Batch.of(Part.of("{\"name\":\"x\"}")));
        assertThat(flatTexts(out)).containsExactly("{\"name\":\"x\"}");
        assertThat(errors(out).get(0)).startsWith("jmespath: ");
    }

    @Test
    void lintRefusesAJmespathQueryThatDoesNotParse() {
        assertThatThrownBy(() -> h.processor("jmespath:\n  query: 'a[?'"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid JMESPath query");
    }
}
