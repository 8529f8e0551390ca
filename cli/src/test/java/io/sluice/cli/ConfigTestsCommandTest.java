package io.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sluice test} and {@code sluice lint} over files and folders, as a user runs them. */
class ConfigTestsCommandTest {

    record Run(int exit, String out) {
    }

    private static synchronized Run sluice(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = SluiceCommand.execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    /** The repository's examples folder: the module runs with cli/ as its working directory. */
    private static Path examples() {
        Path p = Path.of("../examples").toAbsolutePath().normalize();
        assertThat(p.resolve("windowing/traffic.yaml")).exists();
        return p;
    }

    @Test
    void theExamplesOfTheRepositoryPass() {
        Run r = sluice("test", examples() + "/...");
        assertThat(r.out()).contains("traffic_benthos_test.yaml' succeeded", "readings.yaml' succeeded",
                "enrich_test.yaml' succeeded", "totals_test.yaml' succeeded");
        assertThat(r.out()).doesNotContain("failed");
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void aFailingTestIsReportedWithItsNameLineAndDifferenceAndExitsOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("shout.yaml"), """
                pipeline:
                  processors:
                    - mapping: 'root = content().uppercase()'
                """);
        Files.writeString(dir.resolve("shout_benthos_test.yaml"), """
                tests:
                  - name: passes
                    input_batch: [{content: hi}]
                    output_batches: [[{content_equals: HI}]]

                  - name: expects the wrong thing
                    input_batch: [{content: hey, metadata: {k: v}}]
                    output_batches: [[{content_equals: hey, metadata_equals: {k: w}}]]
                """);
        Run r = sluice("test", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("shout_benthos_test.yaml' failed", "Failures:", "expects the wrong thing [line 6]:",
                "batch 0 message 0: content_equals: content mismatch", "expected: hey", "received: HEY",
                "metadata key 'k' mismatch").doesNotContain("passes [line");
    }

    @Test
    void wrongCountsAndATargetThatDoesNotExistFail(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("split.yaml"), """
                pipeline:
                  processors:
                    - label: halve
                      split: {size: 1}
                tests:
                  - name: two batches, not one
                    target_processors: halve
                    input_batch: [{content: a}, {content: b}]
                    output_batches: [[{content_equals: a}, {content_equals: b}]]
                  - name: no such label
                    target_processors: nothing_here
                    input_batch: [{content: a}]
                    output_batches: [[{content_equals: a}]]
                """);
        Run r = sluice("test", dir + "/split.yaml");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("wrong batch count: expected 1, got 2", "nothing in", "matches 'nothing_here'");
    }

    @Test
    void noTestsAtAllIsAFailureSoThatATypoInAPathIsNoticed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plain.yaml"), "output:\n  drop: {}\n");
        Run r = sluice("test", dir + "/...");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("No tests were found");
    }

    @Test
    void lintTakesFoldersAndWholeTrees(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("deep/er"));
        Files.writeString(dir.resolve("ok.yaml"), "output:\n  drop: {}\n");
        Files.writeString(dir.resolve("deep/er/bad.yaml"), "output:\n  drop: {}\ninptu:\n  stdin: {}\n");
        Run top = sluice("lint", dir.toString());
        assertThat(top.exit()).as("only the folder's own files").isZero();
        Run tree = sluice("lint", dir + "/...");
        assertThat(tree.exit()).isEqualTo(1);
        assertThat(tree.out()).contains("bad.yaml:3:1", "did you mean 'input'");
    }
}
