package io.sluice.components.processors;

import io.sluice.bloblang.BloblangLanguage;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.Conf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static io.sluice.components.processors.Harness.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping-driven processors on documented configs, with Bloblang found the way the engine finds
 * it (the {@link ExpressionLanguage} service): without it on the class path these tests fail.
 */
class BloblangCompatibilityTest {
    private final MapCache cache = new MapCache();
    private Harness h;

    @BeforeAll
    static void theEngineFindsBloblang() {
        assertThat(ServiceLoader.load(ExpressionLanguage.class).findFirst())
                .as("the ExpressionLanguage service on the class path (sluice-bloblang)")
                .containsInstanceOf(BloblangLanguage.class);
    }

    private Harness h() {
        if (h == null) h = new Harness().cache("store", cache);
        return h;
    }

    @Test
    void switchRoutesByAQueryOnTheContent() throws Exception {
        Processor p = h().processor("""
                switch:
                  - check: this.user.name.first != "George"
                    processors:
                      - append: { suffix: " counted" }
                  - processors:
                      - drop_if: {}
                """);
        Batch in = Batch.ofTexts("{\"user\":{\"name\":{\"first\":\"Ann\"}}}", "{\"user\":{\"name\":{\"first\":\"George\"}}}");
        assertThat(flatTexts(run(p, in))).containsExactly("{\"user\":{\"name\":{\"first\":\"Ann\"}}} counted");
    }

    @Test
    void branchHydratesADocumentFromACache() throws Exception {
        cache.put("foo", "this is a cool doc");
        Processor p = h().processor("""
                branch:
                  request_map: 'root = this.document.id'
                  processors:
                    - cache:
                        resource: store
                        key: ${! content() }
                        operator: get
                  result_map: root.document.description = content().string()
                """);
        List<Batch> out = run(p, Batch.ofTexts("{\"document\":{\"id\":\"foo\",\"content\":\"hello world\"}}"));
        assertThat(flatTexts(out)).containsExactly(
                "{\"document\":{\"content\":\"hello world\",\"description\":\"this is a cool doc\",\"id\":\"foo\"}}");
    }

    @Test
    void branchCopiesOnlyTheMetadataTheResultMapAssigns() throws Exception {
        Processor p = h().processor("""
                branch:
                  processors:
                    - set_meta: { key: code, value: "200" }
                  result_map: |
                    meta foo_code = metadata("code")
                    root.foo_result = this
                """);
        Part out = run(p, Batch.ofTexts("{\"a\":1}")).get(0).get(0);
        assertThat(out.text()).isEqualTo("{\"a\":1,\"foo_result\":{\"a\":1}}");
        assertThat(out.metadata()).containsOnlyKeys("foo_code");
    }

    @Test
    void branchSkipsMessagesWhoseRequestIsDeleted() throws Exception {
        Processor p = h().processor("""
                branch:
                  request_map: |
                    root = if this.type == "foo" { this.document } else { deleted() }
                  processors:
                    - record: {}
                """);
        run(p, Batch.ofTexts("{\"type\":\"foo\",\"document\":{\"x\":1}}", "{\"type\":\"bar\"}"));
        assertThat(h.recorder.batches).containsExactly(List.of("{\"x\":1}"));
    }

    @Test
    void dedupeKeysAreInterpolated() throws Exception {
        Processor p = h().processor("dedupe:\n  cache: store\n  key: ${! json(\"id\") }");
        assertThat(flatTexts(run(p, Batch.ofTexts("{\"id\":1}", "{\"id\":2}", "{\"id\":1}")))).hasSize(2);
    }

    @Test
    void groupByValueGroupsByMetadata() throws Exception {
        Processor p = h().processor("group_by_value:\n  value: ${! meta(\"kafka_key\") }");
        Batch in = Batch.of(Part.of("a").setMeta("kafka_key", "k1"), Part.of("b").setMeta("kafka_key", "k2"),
                Part.of("c").setMeta("kafka_key", "k1"));
        assertThat(texts(run(p, in))).containsExactly(List.of("a", "c"), List.of("b"));
    }

    @Test
    void whileLoopsOnAQuery() throws Exception {
        Processor p = h().processor("while:\n  check: content().length() < 4\n  processors:\n    - append: { suffix: x }");
        assertThat(flatTexts(run(p, Batch.ofTexts("a")))).containsExactly("axxx");
    }

    @Test
    void groupByAndCatchUseErrored() throws Exception {
        Processor p = h().processor("group_by:\n  - check: errored()");
        Batch in = Batch.of(Part.of("ok"), Harness.erroredPart("bad", "boom"));
        assertThat(texts(run(p, in))).containsExactly(List.of("bad"), List.of("ok"));
    }

    @Test
    void workflowResolvesTheDocumentedAutomaticOrder() throws Exception {
        WorkflowProcessor p = (WorkflowProcessor) h().processor("""
                workflow:
                  meta_path: meta.workflow
                  branches:
                    foo:
                      request_map: 'root = ""'
                      processors: [ { replace: { text: '{"id":"f"}' } } ]
                      result_map: 'root.foo = this'
                    bar:
                      request_map: 'root = this.body'
                      processors: [ { replace: { text: '{"content":"b"}' } } ]
                      result_map: 'root.bar = this'
                    baz:
                      request_map: |
                        root.fooid = this.foo.id
                        root.barstuff = this.bar.content
                      processors: [ { record: {} } ]
                """);
        assertThat(p.tiers()).containsExactly(List.of("bar", "foo"), List.of("baz"));
        List<Batch> out = run(p, Batch.ofTexts("{\"body\":\"x\"}"));
        assertThat(h.recorder.batches).containsExactly(List.of("{\"barstuff\":\"b\",\"fooid\":\"f\"}"));
        assertThat(errors(out)).containsOnlyNulls();
    }

    @Test
    void logFieldsMappingAddsStructuredFields() throws Exception {
        Conf conf = h().typeConf("""
                log:
                  level: DEBUG
                  message: 'hello ${! this.user.name }'
                  fields_mapping: |
                    root.reason = "cus I wana"
                    root.id = this.id
                    root.kafka_topic = meta("kafka_topic")
                """);
        List<Object> seen = new ArrayList<>();
        LogProcessor p = LogProcessor.create(conf, ComponentContext.of(conf), (level, message, fields) -> seen.add(message + " " + fields));
        run(p, Batch.of(Part.of("{\"id\":\"x1\",\"user\":{\"name\":\"ann\"}}").setMeta("kafka_topic", "orders")));
        assertThat(seen).containsExactly("hello ann {id=x1, kafka_topic=orders, reason=cus I wana}");
    }

    @Test
    void cachedSkipsCachingErroredResults() throws Exception {
        Processor p = h().processor("""
                cached:
                  cache: store
                  key: k
                  skip_on: errored()
                  processors:
                    - fail_if: {}
                """);
        run(p, Batch.ofTexts("a"));
        assertThat(cache.entries).isEmpty();
    }
}
