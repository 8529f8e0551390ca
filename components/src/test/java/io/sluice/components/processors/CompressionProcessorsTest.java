package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressionProcessorsTest {
    private final Harness h = new Harness();
    private static final String TEXT = "the quick brown fox jumps over the lazy dog. ".repeat(40);

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "pgzip", "zlib", "flate", "snappy", "lz4", "zstd"})
    void whatCompressWritesDecompressReadsBack(String algorithm) throws Exception {
        Processor compress = h.processor("compress:\n  algorithm: " + algorithm);
        Processor decompress = h.processor("decompress:\n  algorithm: " + algorithm);
        Part in = Part.of(TEXT);
        in.setMeta("kept", "yes");
        List<Batch> packed = run(compress, Batch.of(in));
        Part p = packed.get(0).get(0);
        assertThat(p.bytes().length).isLessThan(TEXT.length() / 4);
        List<Batch> unpacked = run(decompress, packed.get(0));
        assertThat(flatTexts(unpacked)).containsExactly(TEXT);
        assertThat(unpacked.get(0).get(0).meta("kept")).isEqualTo("yes");
    }

    @Test
    void gzipIsTheStandardFormatBothWays() throws Exception {
        byte[] packed = run(h.processor("compress:\n  algorithm: gzip\n  level: 9"), Batch.of(Part.of(TEXT))).get(0).get(0).bytes();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buf)) {
            out.write("from elsewhere".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(flatTexts(run(h.processor("decompress:\n  algorithm: gzip"), Batch.of(new Part(buf.toByteArray())))))
                .containsExactly("from elsewhere");
    }

    @Test
    void bodiesThatDoNotDecompressAreFlaggedAndKept() throws Exception {
        List<Batch> out = run(h.processor("decompress:\n  algorithm: zstd"), Batch.of(Part.of("plain text")));
        assertThat(flatTexts(out)).containsExactly("plain text");
        assertThat(errors(out).get(0)).startsWith("zstd: ");
    }

    @Test
    void lintChecksAlgorithmAndLevel() {
        assertThatThrownBy(() -> h.processor("compress:\n  algorithm: bzip2")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("compress.algorithm");
        assertThatThrownBy(() -> h.processor("compress:\n  algorithm: gzip\n  level: 30")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("level must be from -1 to 22");
        assertThatThrownBy(() -> h.processor("compress:\n  algorithm: zlib\n  level: 12")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("compress.level").hasMessageContaining("highest for zlib");
    }
}
