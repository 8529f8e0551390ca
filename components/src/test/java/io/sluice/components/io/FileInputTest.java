package io.sluice.components.io;

import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Part;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class FileInputTest {
    @TempDir
    Path dir;

    private String yamlPath(Path p) {
        return p.toString().replace("\\", "/");
    }

    private CapturingOutput run(String inputYaml) throws Exception {
        CapturingOutput out = new CapturingOutput();
        new TestKit().output("capture", out).run(inputYaml + """
                output:
                  capture: {}
                """, Duration.ofSeconds(10));
        return out;
    }

    @Test
    void readsEachLineOfEachMatchingFileInOrder() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "b1\nb2\n");
        Files.writeString(dir.resolve("a.txt"), "a1\na2\n");
        Files.writeString(dir.resolve("c.log"), "ignored\n");

        CapturingOutput out = run("""
                input:
                  file:
                    paths: [ "%s/*.txt" ]
                """.formatted(yamlPath(dir)));

        assertThat(out.texts()).containsExactly("a1", "a2", "b1", "b2");
    }

    @Test
    void everyMessageCarriesThePathAndModificationTime() throws Exception {
        Path f = dir.resolve("data.txt");
        Files.writeString(f, "x\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2024-05-06T07:08:09Z")));

        CapturingOutput out = run("""
                input:
                  file:
                    paths: [ "%s" ]
                """.formatted(yamlPath(f)));

        Part p = out.parts().get(0);
        assertThat(p.meta("path")).isEqualTo(f.toString());
        assertThat(p.meta("mod_time_unix")).isEqualTo(1714979289L);
        assertThat(p.meta("mod_time")).isEqualTo("2024-05-06T07:08:09Z");
    }

    @Test
    void aDoubleStarMatchesFilesAtAnyDepthIncludingTheTop() throws Exception {
        Files.createDirectories(dir.resolve("x/y"));
        Files.writeString(dir.resolve("top.log"), "top\n");
        Files.writeString(dir.resolve("x/y/deep.log"), "deep\n");

        CapturingOutput out = run("""
                input:
                  file:
                    paths: [ "%s/**/*.log" ]
                """.formatted(yamlPath(dir)));

        assertThat(out.texts()).containsExactlyInAnyOrder("top", "deep");
    }

    @Test
    void aScannerChoosesHowFilesAreSplit() throws Exception {
        Files.writeString(dir.resolve("whole.txt"), "one\ntwo\n");

        CapturingOutput out = run("""
                input:
                  file:
                    paths: [ "%s/whole.txt" ]
                    scanner:
                      to_the_end: {}
                """.formatted(yamlPath(dir)));

        assertThat(out.texts()).containsExactly("one\ntwo\n");
    }

    @Test
    void theDeprecatedCodecFieldStillWorks() throws Exception {
        Files.writeString(dir.resolve("d.txt"), "a,b,c");

        CapturingOutput out = run("""
                input:
                  file:
                    paths: [ "%s/d.txt" ]
                    codec: "delim:,"
                """.formatted(yamlPath(dir)));

        assertThat(out.texts()).containsExactly("a", "b", "c");
    }

    @Test
    void deleteOnFinishRemovesAFileOnceAllItsMessagesWereDelivered() throws Exception {
        Path f = dir.resolve("gone.txt");
        Files.writeString(f, "1\n2\n");

        CapturingOutput out = run("""
                input:
                  file:
                    paths: [ "%s" ]
                    delete_on_finish: true
                """.formatted(yamlPath(f)));

        assertThat(out.texts()).containsExactly("1", "2");
        assertThat(f).doesNotExist();
    }

    @Test
    void aFileWithAnUndeliveredMessageIsNotDeleted() throws Exception {
        Path f = dir.resolve("kept.txt");
        Files.writeString(f, "ok\nrefused\n");
        CapturingOutput out = new CapturingOutput().failWhen(b -> CapturingOutput.contains(b, "refused"));

        new TestKit().output("capture", out).run("""
                input:
                  file:
                    paths: [ "%s" ]
                    delete_on_finish: true
                    auto_replay_nacks: false
                output:
                  capture: {}
                """.formatted(yamlPath(f)), Duration.ofSeconds(10));

        assertThat(f).exists();
    }

    @Test
    void aPatternMatchingNothingEndsTheInputAtOnce() throws Exception {
        CapturingOutput out = run("""
                input:
                  file:
                    paths: [ "%s/*.none" ]
                """.formatted(yamlPath(dir)));

        assertThat(out.texts()).isEmpty();
    }

    @Test
    void nestedScannersAreBuiltFromConfig() throws Exception {
        Path gz = dir.resolve("lines.txt.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("p\nq\n".getBytes(StandardCharsets.UTF_8));
        }

        CapturingOutput out = run("""
                input:
                  file:
                    paths: [ "%s" ]
                    scanner:
                      decompress:
                        algorithm: gzip
                        into:
                          lines: {}
                """.formatted(yamlPath(gz)));

        assertThat(out.texts()).containsExactly("p", "q");
    }

    @Test
    void aDecompressionAlgorithmThatIsNotAvailableIsAConfigError() {
        Assertions.assertThatThrownBy(() -> new TestKit().build("""
                input:
                  file:
                    paths: [ "x" ]
                    scanner:
                      decompress:
                        algorithm: zstd
                output:
                  drop: {}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("scanner.decompress.algorithm").hasMessageContaining("not supported");
    }
}
