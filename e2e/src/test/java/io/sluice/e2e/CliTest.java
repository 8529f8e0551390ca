package io.sluice.e2e;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code sluice} jar as a user runs it: a separate process, its exit code, its stdout and stderr. */
class CliTest {
    static final Path JAR = Path.of("../cli/target/sluice-all.jar").toAbsolutePath().normalize();
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    record Run(int code, String out, String err) {
    }

    static Run sluice(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the runnable jar, built by the cli module").exists();
        // The JVM options the test JVMs run with (the pom's argLine), as a user may pass them in SLUICE_JAVA_OPTS: they
        // change nothing the program does, but a short run on a busy two-core machine takes half the CPU time
        // without the optimising compiler's threads and with the serial collector.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[][] streams = new byte[2][];
        Thread err = Thread.ofVirtual().start(() -> {
            try {
                streams[1] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                streams[1] = new byte[0];
            }
        });
        streams[0] = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sluice " + String.join(" ", args) + " exits").isTrue();
        err.join();
        return new Run(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8), new String(streams[1], StandardCharsets.UTF_8));
    }

    @Test
    void runPrintsTheMessagesOnStdoutAndOneLogLineAtStartAndEnd() throws Exception {
        Run r = sluice("run", EXAMPLES.resolve("hello.yaml").toString());

        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(5).allSatisfy(l -> assertThat(l).startsWith("{\"big\":"));
        List<String> logs = r.err().lines().toList();
        assertThat(logs).hasSize(2);
        assertThat(LogLine.parse(logs.get(0))).containsEntry("msg", "stream started").containsEntry("stream", "hello")
                .containsEntry("input", "generate").containsEntry("output", "stdout");
        assertThat(LogLine.parse(logs.get(1))).containsEntry("msg", "stream finished")
                .containsEntry("received", "5").containsEntry("sent", "5");
    }

    @Test
    void lintAndRunPointAtTheMisspelledField() throws Exception {
        String expected = "typo.yaml:5:5: input.generate.mappnig: field 'mappnig' is not expected here, did you mean 'mapping'?";
        Run lint = sluice("lint", EXAMPLES.resolve("typo.yaml").toString());
        assertThat(lint.code()).isEqualTo(1);
        assertThat(lint.out().strip()).endsWith(expected).hasLineCount(1);
        Run run = sluice("run", EXAMPLES.resolve("typo.yaml").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains(expected);
    }

    @Test
    void lintReportsAResourceThatIsNotDeclared() throws Exception {
        Path file = Files.createTempFile("legacy", ".yaml");
        try (var in = CliTest.class.getResourceAsStream("/seed/legacy.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        Run lint = sluice("lint", file.toString());
        assertThat(lint.code()).isEqualTo(1);
        assertThat(lint.out()).contains(file.getFileName() + ":5:17: input.http_client.rate_limit: rate limit resource '60s' was not found");
    }

    /** Reads a logfmt line back into its fields. */
    static final class LogLine {
        static Map<String, String> parse(String line) {
            Map<String, String> out = new LinkedHashMap<>();
            int i = 0;
            while (i < line.length()) {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq);
                i = eq + 1;
                StringBuilder v = new StringBuilder();
                if (i < line.length() && line.charAt(i) == '"') {
                    for (i++; line.charAt(i) != '"'; i++) {
                        if (line.charAt(i) == '\\') i++;
                        v.append(line.charAt(i));
                    }
                    i++;
                } else {
                    while (i < line.length() && line.charAt(i) != ' ') v.append(line.charAt(i++));
                }
                out.put(key, v.toString());
                while (i < line.length() && line.charAt(i) == ' ') i++;
            }
            return out;
        }
    }
}
