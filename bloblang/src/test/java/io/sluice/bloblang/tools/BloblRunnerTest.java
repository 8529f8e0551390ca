package io.sluice.bloblang.tools;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BloblRunnerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String mapping, String input) {
        return new BloblRunner().run(mapping, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void mapsOneDocumentPerLine() {
        int status = run("root.doubled = this.n * 2", "{\"n\":1}\n{\"n\":2}\n\n{\"n\":3}\n");
        assertThat(status).isEqualTo(BloblRunner.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"doubled\":2}\n{\"doubled\":4}\n{\"doubled\":6}\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void reportsFailingLinesWithTheirNumberAndCarriesOn() {
        int status = run("root = this.n.uppercase()", "{\"n\":\"a\"}\n{\"n\":5}\n{\"n\":\"c\"}\n");
        assertThat(status).isEqualTo(BloblRunner.SOME_FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("A\nC\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("line 2: failed assignment (line 1): expected string value, got number");
    }

    @Test
    void deletedMessagesPrintNothing() {
        run("root = if this.skip { deleted() }", "{\"skip\":true}\n{\"skip\":false}\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"skip\":false}\n");
    }

    @Test
    void aBrokenMappingIsReportedWithItsPosition() {
        int status = run("root = this.a +", "{}\n");
        assertThat(status).isEqualTo(BloblRunner.BAD_MAPPING);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 1 char 16").contains("^");
    }

    @Test
    void nonJsonLinesCanStillBeMapped() {
        run("root = content().uppercase()", "plain text\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("PLAIN TEXT\n");
    }
}
