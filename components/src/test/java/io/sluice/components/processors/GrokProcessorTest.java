package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrokProcessorTest {
    private final Harness h = new Harness();

    @Test
    void theFirstMatchingExpressionWinsAndTypesConvert() throws Exception {
        Processor p = h.processor("""
                grok:
                  expressions:
                    - '%{TIMESTAMP_ISO8601:at} %{LOGLEVEL:level} took=%{NUMBER:took:float}ms n=%{INT:n:int}'
                    - '%{GREEDYDATA:message}'
                """);
        List<Batch> out = run(p, Batch.of(Part.of("2024-05-01T12:00:00Z ERROR took=12.5ms n=-3"), Part.of("free text")));
        assertThat(flatTexts(out)).containsExactly("{\"at\":\"2024-05-01T12:00:00Z\",\"level\":\"ERROR\",\"n\":-3,\"took\":12.5}",
                "{\"message\":\"free text\"}");
    }

    @Test
    void theLibraryParsesApacheCombinedLines() throws Exception {
        Processor p = h.processor("grok:\n  expressions: ['%{COMBINEDAPACHELOG}']");
        String line = "203.0.113.9 - alice [10/Oct/2000:13:55:36 -0700] \"GET /index.html?q=1 HTTP/1.1\" 200 2326 "
                + "\"http://example.com/start\" \"Mozilla/5.0 (X11)\"";
        String json = flatTexts(run(p, Batch.of(Part.of(line)))).get(0);
        assertThat(json).contains("\"clientip\":\"203.0.113.9\"", "\"auth\":\"alice\"", "\"timestamp\":\"10/Oct/2000:13:55:36 -0700\"",
                "\"verb\":\"GET\"", "\"request\":\"/index.html?q=1\"", "\"httpversion\":\"1.1\"", "\"response\":\"200\"",
                "\"bytes\":\"2326\"", "\"referrer\":\"\\\"http://example.com/start\\\"\"", "\"agent\":\"\\\"Mozilla/5.0 (X11)\\\"\"");
        assertThat(json).doesNotContain("rawrequest"); // the empty alternative is removed
    }

    @Test
    void ownDefinitionsAndPatternFilesExtendTheLibrary(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("shop.grok"), "# shop patterns\nSKU [A-Z]{3}-\\d{4}\n");
        Processor p = h.processor("""
                grok:
                  pattern_paths: ['%s']
                  pattern_definitions:
                    ORDER: 'ORD-\\d{6}'
                  expressions: ['%%{ORDER:order} %%{SKU:sku} x%%{POSINT:qty:int}']
                """.formatted(dir));
        assertThat(flatTexts(run(p, Batch.of(Part.of("ORD-123456 ABC-0042 x3")))))
                .containsExactly("{\"order\":\"ORD-123456\",\"qty\":3,\"sku\":\"ABC-0042\"}");
    }

    @Test
    void unnamedCapturesAndEmptyValuesOnRequest() throws Exception {
        Processor p = h.processor("""
                grok:
                  named_captures_only: false
                  remove_empty_values: false
                  expressions: ['%{WORD} (?<x>)%{DATA:rest}$']
                """);
        assertThat(flatTexts(run(p, Batch.of(Part.of("hello "))))).containsExactly("{\"WORD\":\"hello\",\"rest\":\"\"}");
    }

    @Test
    void noMatchFlagsTheMessageAndKeepsIt() throws Exception {
        Processor p = h.processor("grok:\n  expressions: ['^%{IPV4:ip}$']");
        List<Batch> out = run(p, Batch.of(Part.of("999.1.1.1"), Part.of("10.0.0.1")));
        assertThat(flatTexts(out)).containsExactly("999.1.1.1", "{\"ip\":\"10.0.0.1\"}");
        assertThat(errors(out)).containsExactly("grok: no expression matched the message", null);
    }

    @Test
    void lintAndStartRefuseBadExpressions() {
        assertThatThrownBy(() -> h.processor("grok:\n  expressions: ['%{WORD:a} (unclosed']"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("grok.expressions").hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> h.processor("grok:\n  expressions: ['%{NO_SUCH_PATTERN:a}']"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("%{NO_SUCH_PATTERN} is not defined");
        assertThatThrownBy(() -> h.processor("grok:\n  pattern_definitions: {LOOP: '%{LOOP}'}\n  expressions: ['%{LOOP}']"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("refers to itself");
    }

    @Test
    void everyLibraryPatternCompiles() {
        Grok grok = new Grok(Map.of(), true, true);
        for (String name : Grok.defaultNames()) {
            assertThat(grok.compile("%{" + name + ":x}").pattern()).as(name).isNotNull();
        }
        assertThat(Grok.defaultNames()).contains("COMMONAPACHELOG", "SYSLOGBASE", "IPV6", "URI", "UUID", "HTTPDATE");
    }
}
