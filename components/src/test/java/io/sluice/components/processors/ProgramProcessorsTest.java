package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;

/** command and subprocess, with programs every POSIX host has. */
class ProgramProcessorsTest {
    private final Harness h = new Harness();

    @Test
    void commandFeedsTheMessageAndTakesTheOutputKeepingMetadata() throws Exception {
        Processor p = h.processor("""
                command:
                  name: tr
                  args_mapping: 'root = ["a-z", "A-Z"]'
                """);
        Part in = Part.of("hello");
        in.setMeta("id", "7");
        List<Batch> out = run(p, Batch.of(in));
        assertThat(flatTexts(out)).containsExactly("HELLO");
        assertThat(out.get(0).get(0).meta("id")).isEqualTo("7");
    }

    @Test
    void commandArgumentsComeFromEachMessage() throws Exception {
        Processor p = h.processor("""
                command:
                  name: sh
                  args_mapping: 'root = ["-c", "printf %s-%s \\"$0\\" \\"$(cat)\\"", this.tag]'
                """);
        assertThat(flatTexts(run(p, Batch.of(Part.of("{\"tag\":\"a\"}"), Part.of("{\"tag\":\"b\"}")))))
                .containsExactly("a-{\"tag\":\"a\"}", "b-{\"tag\":\"b\"}");
    }

    @Test
    void aFailingCommandFlagsTheMessageWithStatusAndStandardError() throws Exception {
        Processor p = h.processor("""
                command:
                  name: sh
                  args_mapping: 'root = ["-c", "echo disk full >&2; exit 3"]'
                """);
        List<Batch> out = run(p, Batch.of(Part.of("keep me")));
        assertThat(flatTexts(out)).containsExactly("keep me");
        assertThat(errors(out)).containsExactly("command sh exited with status 3: disk full");

        List<Batch> missing = run(h.processor("command:\n  name: /no/such/program"), Batch.of(Part.of("x")));
        assertThat(errors(missing).get(0)).startsWith("command /no/such/program did not start");
    }

    @Test
    void subprocessAnswersEachMessageFromOneRunningProgram() throws Exception {
        Processor p = h.processor("""
                subprocess:
                  name: sh
                  args: ['-c', 'n=0; while read -r line; do n=$((n+1)); echo "$n:$line"; done']
                """);
        try {
            assertThat(flatTexts(run(p, Batch.of(Part.of("a"), Part.of("b"))))).containsExactly("1:a", "2:b");
            assertThat(flatTexts(run(p, Batch.of(Part.of("c"))))).containsExactly("3:c"); // the same process, still counting
        } finally {
            p.close();
        }
    }

    @Test
    void subprocessFramingsCarryNewlinesAndBinary() throws Exception {
        for (String codec : List.of("length_prefixed_uint32_be", "netstring")) {
            Processor p = h.processor("subprocess:\n  name: cat\n  codec_send: " + codec + "\n  codec_recv: " + codec);
            try {
                assertThat(flatTexts(run(p, Batch.of(Part.of("two\nlines"), Part.of(""), Part.of("3,:x"))))).as(codec)
                        .containsExactly("two\nlines", "", "3,:x");
            } finally {
                p.close();
            }
        }
    }

    @Test
    void aProgramThatDiesFlagsTheMessageAndIsStartedAgain() throws Exception {
        Processor p = h.processor("""
                subprocess:
                  name: sh
                  args: ['-c', 'read -r line; if [ "$line" = die ]; then exit 1; fi; echo "ok:$line"; while read -r l; do echo "ok:$l"; done']
                """);
        try {
            List<Batch> out = run(p, Batch.of(Part.of("die"), Part.of("after")));
            assertThat(errors(out).get(0)).startsWith("subprocess sh: ");
            assertThat(flatTexts(out).get(1)).isEqualTo("ok:after");
            assertThat(errors(out).get(1)).isNull();
        } finally {
            p.close();
        }
    }
}
