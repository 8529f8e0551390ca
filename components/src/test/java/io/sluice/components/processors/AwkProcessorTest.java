package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwkProcessorTest {
    private final Harness h = new Harness();

    @Test
    void textCodecFeedsTheMessageAndPrintedOutputReplacesIt() throws Exception {
        Processor p = h.processor("""
                awk:
                  codec: text
                  program: |
                    { total += $2 }
                    END { metadata_set("lines", NR); print total }
                """);
        List<Batch> out = run(p, Batch.of(Part.of("apples 3\npears 4\nplums 5")));
        assertThat(flatTexts(out)).containsExactly("12");
        assertThat(out.get(0).get(0).meta("lines")).isEqualTo("3");
    }

    @Test
    void metadataBecomesVariablesAndFunctionsReadIt() throws Exception {
        Processor p = h.processor("""
                awk:
                  codec: text
                  program: '{ print topic "/" metadata_get("kafka-key") ": " toupper($0) }'
                """);
        Part in = Part.of("hello");
        in.setMeta("topic", "news");
        in.setMeta("kafka-key", "k1");
        assertThat(flatTexts(run(p, Batch.of(in)))).containsExactly("news/k1: HELLO");
    }

    @Test
    void jsonCodecSetsFlattenedVariablesAndJsonFunctionsEditTheDocument() throws Exception {
        Processor p = h.processor("""
                awk:
                  codec: json
                  program: |
                    BEGIN {
                      json_set_float("total", order_price * order_qty)
                      json_set("customer", toupper(json_get("order.customer")))
                      json_set_int("line_count", json_length("order.lines"))
                      json_delete("order")
                    }
                """);
        String doc = "{\"order\":{\"price\":2.5,\"qty\":4,\"customer\":\"ada\",\"lines\":[1,2,3]}}";
        assertThat(flatTexts(run(p, Batch.of(Part.of(doc))))).containsExactly("{\"customer\":\"ADA\",\"line_count\":3,\"total\":10}");
    }

    @Test
    void nothingPrintedKeepsTheBodyAndAFailingExitFlagsIt() throws Exception {
        Processor quiet = h.processor("awk:\n  codec: none\n  program: 'BEGIN { x = 1 }'");
        assertThat(flatTexts(run(quiet, Batch.of(Part.of("same"))))).containsExactly("same");

        Processor failing = h.processor("awk:\n  codec: text\n  program: '{ print \"changed\"; exit 2 }'");
        List<Batch> out = run(failing, Batch.of(Part.of("kept")));
        assertThat(flatTexts(out)).containsExactly("kept");
        assertThat(errors(out)).containsExactly("awk: program exited with status 2");
    }

    @Test
    void theSandboxRefusesCommandsAndFilesBeforeTheStreamStarts() {
        assertThatThrownBy(() -> h.processor("awk:\n  codec: none\n  program: 'BEGIN { system(\"touch /tmp/sluice-awk-escape\") }'"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("system() is disabled");
        assertThatThrownBy(() -> h.processor("awk:\n  codec: text\n  program: '{ print > \"/tmp/sluice-awk-escape\" }'"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("awk.program");
        assertThat(new File("/tmp/sluice-awk-escape")).doesNotExist();
    }

    @Test
    void programsSeeNoEnvironmentOfTheHost() throws Exception {
        Processor p = h.processor("awk:\n  codec: none\n  program: 'BEGIN { n = 0; for (k in ENVIRON) n++; print n \":\" ENVIRON[\"PATH\"] }'");
        assertThat(flatTexts(run(p, Batch.of(Part.of("x"))))).containsExactly("0:");
    }

    @Test
    void lintRefusesProgramsThatDoNotCompileAndUnknownCodecs() {
        assertThatThrownBy(() -> h.processor("awk:\n  codec: text\n  program: '{ print ( }'"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("awk.program").hasMessageContaining("invalid awk program");
        assertThatThrownBy(() -> h.processor("awk:\n  codec: xml\n  program: '{ print }'")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("awk.codec");
    }
}
