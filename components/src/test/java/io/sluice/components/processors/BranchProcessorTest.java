package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.erroredPart;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BranchProcessorTest {
    private final MapCache descriptions = new MapCache().put("foo", "{\"text\":\"a cool doc\"}");
    private final Harness h = new Harness().cache("descriptions", descriptions);

    /** The documented hydration pattern: look a description up by id and store it in the document. */
    private static final String HYDRATE = """
            branch:
              request_map: root = this.document.id
              processors:
                - cache:
                    resource: descriptions
                    operator: get
                    key: '${! content() }'
              result_map: root.document.description = this.text
            """;

    @Test
    void mapsARequestRunsTheProcessorsAndMapsTheResultBackIntoTheMessage() throws Exception {
        List<Batch> out = run(h.processor(HYDRATE), Batch.of(Part.of("{\"document\":{\"id\":\"foo\",\"body\":\"hi\"}}")));
        assertThat(flatTexts(out)).containsExactly("{\"document\":{\"body\":\"hi\",\"description\":\"a cool doc\",\"id\":\"foo\"}}");
        assertThat(errors(out)).containsOnlyNulls();
    }

    @Test
    void withoutMapsTheBranchWorksOnACopyAndLeavesTheMessageUnchanged() throws Exception {
        Processor p = h.processor("branch:\n  processors:\n    - append: { suffix: \"-changed\" }\n    - set_meta: { key: k, value: v }");
        Batch in = Batch.ofTexts("original");
        List<Batch> out = run(p, in);
        assertThat(flatTexts(out)).containsExactly("original");
        assertThat(out.get(0).get(0).metadata()).isEmpty();
    }

    @Test
    void metadataFromTheBranchIsCopiedOnlyWhenTheResultMapSaysSo() throws Exception {
        Processor p = h.processor("""
                branch:
                  processors:
                    - set_meta: { key: code, value: "200" }
                    - set_meta: { key: other, value: x }
                  result_map: meta status = metadata("code")
                """);
        Part part = run(p, Batch.of(Part.of("{}").setMeta("kept", "yes"))).get(0).get(0);
        assertThat(part.metadata()).containsOnlyKeys("kept", "status").containsEntry("status", "200");
    }

    @Test
    void metaEqualsMetadataCopiesAllResultMetadata() throws Exception {
        Processor p = h.processor("""
                branch:
                  processors:
                    - set_meta: { key: code, value: "200" }
                  result_map: meta = metadata()
                """);
        Part part = run(p, Batch.of(Part.of("{}").setMeta("origin", "o"))).get(0).get(0);
        assertThat(part.metadata()).containsEntry("code", "200").containsEntry("origin", "o");
    }

    @Test
    void aRequestMapThatDeletesSkipsTheBranchForThatMessage() throws Exception {
        Processor p = h.processor("""
                branch:
                  request_map: root = if this.type == "foo" { this } else { deleted() }
                  processors:
                    - record: {}
                    - replace: { text: '{"ok":true}' }
                  result_map: root.result = this.ok
                """);
        List<Batch> out = run(p, Batch.of(Part.of("{\"type\":\"bar\"}"), Part.of("{\"type\":\"foo\"}")));
        assertThat(flatTexts(out)).containsExactly("{\"type\":\"bar\"}", "{\"result\":true,\"type\":\"foo\"}");
        assertThat(h.recorder.batches).containsExactly(List.of("{\"type\":\"foo\"}"));
    }

    @Test
    void aRequestMapThatOnlySetsMetadataSendsAnEmptyBodyWithThatMetadata() throws Exception {
        Processor p = h.processor("""
                branch:
                  request_map: meta id = this.id
                  processors:
                    - record: {}
                  result_map: meta seen = @id
                """);
        List<Batch> out = run(p, Batch.ofTexts("{\"id\":\"i7\"}"));
        assertThat(h.recorder.batches).containsExactly(List.of(""));
        assertThat(out.get(0).get(0).metadata()).containsEntry("seen", "i7");
    }

    @Test
    void aFailedRequestMapFlagsTheMessageAndKeepsItFromTheProcessors() throws Exception {
        Processor p = h.processor("""
                branch:
                  request_map: root = if this.type == "bad" { throw("no request for you") } else { this }
                  processors:
                    - record: {}
                """);
        List<Batch> out = run(p, Batch.of(Part.of("{\"type\":\"bad\"}"), Part.of("{\"type\":\"good\"}")));
        assertThat(errors(out)).containsExactly("request mapping failed: failed assignment (line 1): no request for you", null);
        assertThat(h.recorder.batches).containsExactly(List.of("{\"type\":\"good\"}"));
    }

    @Test
    void failedProcessorsFlagTheMessageAndSkipItsResultMap() throws Exception {
        Processor p = h.processor("""
                branch:
                  processors:
                    - fail_if: { contains: "bad", message: "upstream 500" }
                  result_map: root.done = true
                """);
        List<Batch> out = run(p, Batch.of(Part.of("{\"n\":\"bad\"}"), Part.of("{\"n\":\"good\"}")));
        assertThat(flatTexts(out)).containsExactly("{\"n\":\"bad\"}", "{\"done\":true,\"n\":\"good\"}");
        assertThat(errors(out)).containsExactly("processors failed: upstream 500", null);
    }

    @Test
    void aFailedResultMapFlagsTheMessageAndLeavesItUnchanged() throws Exception {
        Processor p = h.processor("""
                branch:
                  processors:
                    - noop: {}
                  result_map: root.x = throw("cannot map")
                """);
        List<Batch> out = run(p, Batch.ofTexts("{\"a\":1}"));
        assertThat(flatTexts(out)).containsExactly("{\"a\":1}");
        assertThat(errors(out)).containsExactly("result mapping failed: failed assignment (line 1): cannot map");
    }

    @Test
    void earlierErrorsAreNotSeenInsideTheBranchAndStayOnTheMessage() throws Exception {
        Processor p = h.processor("""
                branch:
                  processors:
                    - catch:
                        - append: { suffix: "-caught" }
                  result_map: meta inside = content().string()
                """);
        List<Batch> out = run(p, Batch.of(erroredPart("msg", "earlier failure")));
        assertThat(out.get(0).get(0).metadata()).containsEntry("inside", "msg");
        assertThat(errors(out)).containsExactly("earlier failure");
    }

    @Test
    void processorsThatChangeTheNumberOfMessagesFailTheWholeBatch() throws Exception {
        Processor split = h.processor("branch:\n  processors:\n    - explode: {}");
        Processor filter = h.processor("branch:\n  processors:\n    - drop_if: {}");
        assertThat(errors(run(split, Batch.ofTexts("a,b", "c")))).allSatisfy(e -> assertThat(e)
                .isEqualTo("message count from branch processors does not match request, started with 2 messages, finished with 3"));
        assertThat(errors(run(filter, Batch.ofTexts("a")))).containsExactly("child processors resulted in zero messages");
    }

    @Test
    void rootAssignmentInTheResultMapReplacesTheMessage() throws Exception {
        Processor p = h.processor("branch:\n  processors:\n    - replace: { text: '{\"new\":1}' }\n  result_map: root = this");
        assertThat(flatTexts(run(p, Batch.ofTexts("{\"old\":1}")))).containsExactly("{\"new\":1}");
    }

    @Test
    void needsAtLeastOneProcessor() {
        assertThatThrownBy(() -> h.processor("branch:\n  processors: []"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("requires at least one child processor");
    }
}
