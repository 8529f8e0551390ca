package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowProcessorTest {
    private final Harness h = new Harness();

    /** foo and bar write independent fields; baz reads both. */
    private static final String BRANCHES = """
              branches:
                foo:
                  request_map: root = ""
                  processors:
                    - record: { millis: 50 }
                    - replace: { text: '{"id":"f1"}' }
                  result_map: root.foo = this
                bar:
                  request_map: root = this.body
                  processors:
                    - record: { millis: 50 }
                    - replace: { text: '{"content":"b1"}' }
                  result_map: root.bar = this
                baz:
                  request_map: |
                    root.fooid = this.foo.id
                    root.barstuff = this.bar.content
                  processors:
                    - record: {}
                  result_map: root.baz = this
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> doc(List<Batch> out, int i) {
        return (Map<String, Object>) out.get(0).get(i).structured();
    }

    @Test
    void infersTheOrderFromTheMappingsWhenNoneIsGiven() throws Exception {
        WorkflowProcessor p = (WorkflowProcessor) h.processor("workflow:\n" + BRANCHES);
        assertThat(p.tiers()).containsExactly(List.of("bar", "foo"), List.of("baz"));
    }

    @Test
    void runsEachTierConcurrentlyAndLetsLaterTiersReadEarlierResults() throws Exception {
        Processor p = h.processor("workflow:\n  meta_path: ''\n" + BRANCHES);
        List<Batch> out = run(p, Batch.ofTexts("{\"body\":\"b\"}"));
        assertThat(h.recorder.maxInFlight.get()).isEqualTo(2);
        assertThat(doc(out, 0).get("baz")).isEqualTo(Map.of("fooid", "f1", "barstuff", "b1"));
        assertThat(errors(out)).containsOnlyNulls();
    }

    @Test
    void anExplicitOrderIsFollowed() throws Exception {
        WorkflowProcessor p = (WorkflowProcessor) h.processor("workflow:\n  order: [ [ foo ], [ bar ], [ baz ] ]\n" + BRANCHES);
        run(p, Batch.ofTexts("{\"body\":\"b\"}"));
        assertThat(h.recorder.batches).containsExactly(List.of(""), List.of("b"), List.of("{\"barstuff\":\"b1\",\"fooid\":\"f1\"}"));
        assertThat(h.recorder.maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void recordsWhichBranchesSucceededWereSkippedOrFailedAtTheMetaPath() throws Exception {
        Processor p = h.processor("""
                workflow:
                  order: [ [ ok, skip, fail ] ]
                  branches:
                    ok:
                      processors: [ { noop: {} } ]
                    skip:
                      request_map: root = deleted()
                      processors: [ { noop: {} } ]
                    fail:
                      processors: [ { fail_if: { message: "kaput" } } ]
                """);
        List<Batch> out = run(p, Batch.ofTexts("{\"id\":1}"));
        assertThat(doc(out, 0).get("meta")).isEqualTo(Map.of("workflow", Map.of(
                "succeeded", List.of("ok"), "skipped", List.of("skip"), "failed", Map.of("fail", "processors failed: kaput"))));
        assertThat(errors(out)).containsOnlyNulls();
    }

    @Test
    void aReplayedMessageSkipsWhatAlreadySucceededAndKeepsThePreviousRecord() throws Exception {
        Processor p = h.processor("""
                workflow:
                  order: [ [ a, b ] ]
                  branches:
                    a:
                      processors: [ { record: {} } ]
                    b:
                      processors: [ { record: {} } ]
                """);
        String previous = "{\"succeeded\":[\"a\"],\"failed\":{\"b\":\"timeout\"}}";
        List<Batch> out = run(p, Batch.of(Part.of("{\"meta\":{\"workflow\":" + previous + "}}")));
        assertThat(h.recorder.batches).hasSize(1);
        assertThat(doc(out, 0).get("meta")).isEqualTo(Map.of("workflow", Map.of(
                "succeeded", List.of("b"), "skipped", List.of("a"), "previous", Structured.parseJson(previous))));
    }

    @Test
    void anApplyListRunsOnlyTheListedBranches() throws Exception {
        Processor p = h.processor("""
                workflow:
                  meta_path: control
                  order: [ [ a ], [ b ] ]
                  branches:
                    a:
                      processors: [ { record: {} } ]
                      result_map: root.a = "done"
                    b:
                      processors: [ { record: {} } ]
                      result_map: root.b = "done"
                """);
        List<Batch> out = run(p, Batch.ofTexts("{\"control\":{\"apply\":[\"b\"]}}"));
        assertThat(doc(out, 0)).containsEntry("b", "done").doesNotContainKey("a");
    }

    @Test
    void withoutMetaPathAFailedBranchFlagsTheMessage() throws Exception {
        Processor p = h.processor("""
                workflow:
                  meta_path: ""
                  branches:
                    z:
                      processors: [ { fail_if: {} } ]
                    y:
                      processors: [ { fail_if: {} } ]
                    x:
                      processors: [ { noop: {} } ]
                """);
        List<Batch> out = run(p, Batch.ofTexts("{}"));
        assertThat(errors(out)).containsExactly("workflow branches failed: [y, z]");
        assertThat(flatTexts(out)).containsExactly("{}");
    }

    @Test
    void branchesCanComeFromProcessorResources() throws Exception {
        h.processorResource("shared", "branch:\n  processors: [ { replace: { text: '\"r\"' } } ]\n  result_map: root.shared = this");
        Processor byOrder = h.processor("workflow:\n  meta_path: ''\n  order: [ [ shared ] ]");
        Processor byList = h.processor("workflow:\n  meta_path: ''\n  branch_resources: [ shared ]");
        assertThat(flatTexts(run(byOrder, Batch.ofTexts("{}")))).containsExactly("{\"shared\":\"r\"}");
        assertThat(flatTexts(run(byList, Batch.ofTexts("{}")))).containsExactly("{\"shared\":\"r\"}");
    }

    @Test
    void rejectsOrdersThatDoNotCoverTheBranchesExactlyOnce() {
        assertThatThrownBy(() -> h.processor("workflow:\n  order: [ [ foo, bar ], [ baz, qux ] ]\n" + BRANCHES))
                .isInstanceOf(ConfigException.class).hasMessageContaining("processor resource 'qux' was not found");
        assertThatThrownBy(() -> h.processor("workflow:\n  order: [ [ foo, bar ] ]\n" + BRANCHES))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the following branches were missing from order: [baz]");
        assertThatThrownBy(() -> h.processor("workflow:\n  order: [ [ foo, bar ], [ baz, foo ] ]\n" + BRANCHES))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listed multiple times: foo");
        assertThatThrownBy(() -> h.processor("workflow:\n  order: [ [ foo, bar, baz ], [] ]\n" + BRANCHES))
                .isInstanceOf(ConfigException.class).hasMessageContaining("explicit order tier '1' was empty");
    }

    @Test
    void rejectsCircularDependencies() {
        assertThatThrownBy(() -> h.processor("""
                workflow:
                  branches:
                    a:
                      request_map: root = this.b
                      processors: [ { noop: {} } ]
                      result_map: root.a = this
                    b:
                      request_map: root = this.a
                      processors: [ { noop: {} } ]
                      result_map: root.b = this
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("circular dependencies detected for branches: [a, b]");
    }
}
