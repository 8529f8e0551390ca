package io.sluice.components.io;

import io.sluice.components.io.support.CountingSource;
import io.sluice.components.io.support.Ledger;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Stream;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** stdout, drop, file and reject: the outputs that write somewhere (or nowhere) directly. */
class SimpleOutputsTest {
    @TempDir
    Path dir;

    private static String stdout(String codec, Batch batch) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new StdoutOutput(buf, WriterCodec.parse(codec)).write(batch);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stdoutLinesEndsEachMessageWithALineBreakUnlessItHasOne() throws Exception {
        assertThat(stdout("lines", Batch.ofTexts("a", "b\n"))).isEqualTo("a\nb\n");
    }

    @Test
    void stdoutCustomDelimiterFollowsEachMessage() throws Exception {
        assertThat(stdout("delim:;", Batch.ofTexts("a", "b"))).isEqualTo("a;b;");
    }

    @Test
    void stdoutAllBytesAndAppendWriteMessagesAsTheyAre() throws Exception {
        assertThat(stdout("all-bytes", Batch.ofTexts("a", "b"))).isEqualTo("ab");
        assertThat(stdout("append", Batch.ofTexts("a", "b"))).isEqualTo("ab");
    }

    @Test
    void anUnknownWriterCodecIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  stdout:
                    codec: morse
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("output.stdout.codec").hasMessageContaining("morse");
    }

    @Test
    void dropAcknowledgesEveryMessageItDiscards() throws Exception {
        CountingSource source = new CountingSource(3);
        Stream s = new TestKit().input("numbers", source).run("""
                input:
                  numbers: {}
                output:
                  drop: {}
                """, Duration.ofSeconds(10));

        assertThat(source.acked()).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(source.nacked()).isEmpty();
        assertThat(s.metrics().get("output_sent")).as("counted as sent").isEqualTo(3);
    }

    @Test
    void fileAppendsLinesToTheFileAndCreatesItsDirectory() throws Exception {
        Path target = dir.resolve("sub/out.txt");
        FileOutput out = new FileOutput(Interpolation.constant(target.toString()), WriterCodec.parse("lines"));

        out.write(Batch.ofTexts("a", "b"));
        out.write(Batch.ofTexts("c"));
        out.close();

        assertThat(Files.readString(target)).isEqualTo("a\nb\nc\n");
    }

    @Test
    void fileAllBytesReplacesTheContentWithEachMessage() throws Exception {
        Path target = dir.resolve("latest.txt");
        FileOutput out = new FileOutput(Interpolation.constant(target.toString()), WriterCodec.parse("all-bytes"));

        out.write(Batch.ofTexts("first"));
        out.write(Batch.ofTexts("second"));

        assertThat(Files.readString(target)).isEqualTo("second");
    }

    @Test
    void filePathIsRenderedForEachMessage() throws Exception {
        Interpolation byContent = new Interpolation() {
            @Override
            public String render(Batch batch, int index) {
                return dir.resolve(batch.get(index).text() + ".txt").toString();
            }

            @Override
            public boolean isStatic() {
                return false;
            }
        };
        FileOutput out = new FileOutput(byContent, WriterCodec.parse("lines"));

        out.write(Batch.ofTexts("x", "y", "x"));
        out.close();

        assertThat(Files.readString(dir.resolve("x.txt"))).isEqualTo("x\nx\n");
        assertThat(Files.readString(dir.resolve("y.txt"))).isEqualTo("y\n");
    }

    @Test
    void filePathInterpolationUsesTheMappingLanguage() throws Exception {
        String base = dir.toString().replace("\\", "/");
        new TestKit().run("""
                input:
                  generate:
                    count: 1
                    interval: ""
                    mapping: |
                      root = "hello"
                      meta target = "greetings"
                output:
                  file:
                    path: '%s/${! meta("target") }.txt'
                """.formatted(base), Duration.ofSeconds(5));

        assertThat(Files.readString(dir.resolve("greetings.txt"))).isEqualTo("hello\n");
    }

    @Test
    void aRejectedWriteIsSeenByTheInputAsARejection() throws Exception {
        Ledger ledger = new Ledger();
        new TestKit().ledger("watched", ledger).run("""
                input:
                  watched:
                    input:
                      generate:
                        count: 1
                        interval: ""
                        auto_replay_nacks: false
                        mapping: 'root = "bad"'
                output:
                  reject: 'refused'
                """, Duration.ofSeconds(5));

        assertThat(ledger.nacked()).containsExactly("bad");
    }

    @Test
    void rejectRendersTheMessageOfTheFirstPart() {
        RejectOutput reject = new RejectOutput(Interpolation.constant("nope"));

        assertThatThrownBy(() -> reject.write(Batch.of(Part.of("x"))))
                .isInstanceOf(RejectOutput.RejectedException.class).hasMessage("nope");
    }

    @Test
    void rejectWithoutAMessageIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  reject: ""
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("reject needs a non-empty error message");
    }
}
