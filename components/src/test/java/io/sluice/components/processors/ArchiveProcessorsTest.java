package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveProcessorsTest {
    private final Harness h = new Harness();

    private static Batch threeMessages() {
        Part a = Part.of("{\"n\":1}");
        a.setMeta("source", "first");
        return Batch.of(a, Part.of("plain"), Part.of("[2]"));
    }

    @Test
    void linesAndJsonArrayPackTheBatchIntoOneMessageWithTheFirstsMetadata() throws Exception {
        List<Batch> lines = run(h.processor("archive:\n  format: lines"), threeMessages());
        assertThat(flatTexts(lines)).containsExactly("{\"n\":1}\nplain\n[2]");
        assertThat(lines.get(0).get(0).meta("source")).isEqualTo("first");
        assertThat(flatTexts(run(h.processor("archive:\n  format: json_array"), threeMessages())))
                .containsExactly("[{\"n\":1},\"plain\",[2]]");
        assertThat(flatTexts(run(h.processor("archive:\n  format: concatenate"), threeMessages())))
                .containsExactly("{\"n\":1}plain[2]");
    }

    @Test
    void binaryIsACountThenLengthPrefixedBodies() throws Exception {
        Batch in = Batch.of(Part.of("ab"), Part.of(""), Part.of("c"));
        byte[] packed = run(h.processor("archive:\n  format: binary"), in).get(0).get(0).bytes();
        assertThat(HexFormat.of().formatHex(packed)).isEqualTo("00000003" + "00000002" + "6162" + "00000000" + "00000001" + "63");
        assertThat(flatTexts(run(h.processor("unarchive:\n  format: binary"), Batch.of(new Part(packed))))).containsExactly("ab", "", "c");
    }

    @Test
    void tarFilesAreNamedByPathAndReadableByOtherTools() throws Exception {
        Processor archive = h.processor("archive:\n  format: tar\n  path: 'file-${! batch_index() }.txt'");
        byte[] tar = run(archive, threeMessages()).get(0).get(0).bytes();
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) names.add(e.getName() + "=" + new String(in.readAllBytes()));
        }
        assertThat(names).containsExactly("file-0.txt={\"n\":1}", "file-1.txt=plain", "file-2.txt=[2]");

        List<Batch> out = run(h.processor("unarchive:\n  format: tar"), Batch.of(new Part(tar)));
        assertThat(flatTexts(out)).containsExactly("{\"n\":1}", "plain", "[2]");
        assertThat(out.get(0).parts().stream().map(p -> p.meta("archive_filename"))).containsExactly("file-0.txt", "file-1.txt", "file-2.txt");
    }

    @Test
    void zipRoundTripsWithFileNames() throws Exception {
        byte[] zip = run(h.processor("archive:\n  format: zip\n  path: '${! batch_index() }.dat'"), threeMessages()).get(0).get(0).bytes();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry first = in.getNextEntry();
            assertThat(first.getName()).isEqualTo("0.dat");
        }
        List<Batch> out = run(h.processor("unarchive:\n  format: zip"), Batch.of(new Part(zip)));
        assertThat(flatTexts(out)).containsExactly("{\"n\":1}", "plain", "[2]");
        assertThat(out.get(0).get(2).meta("archive_filename")).isEqualTo("2.dat");
    }

    @Test
    void unarchiveSplitsLinesArraysMapsAndDocumentsKeepingMetadata() throws Exception {
        Part lines = Part.of("one\ntwo\n");
        lines.setMeta("topic", "t");
        List<Batch> out = run(h.processor("unarchive:\n  format: lines"), Batch.of(lines));
        assertThat(flatTexts(out)).containsExactly("one", "two");
        assertThat(out.get(0).get(1).meta("topic")).isEqualTo("t");

        assertThat(flatTexts(run(h.processor("unarchive:\n  format: json_array"), Batch.of(Part.of("[1,{\"a\":2},\"x\"]")))))
                .containsExactly("1", "{\"a\":2}", "\"x\"");

        List<Batch> map = run(h.processor("unarchive:\n  format: json_map"), Batch.of(Part.of("{\"k1\":{\"v\":1},\"k2\":2}")));
        assertThat(flatTexts(map)).containsExactly("{\"v\":1}", "2");
        assertThat(map.get(0).parts().stream().map(p -> p.meta("archive_key"))).containsExactly("k1", "k2");

        assertThat(flatTexts(run(h.processor("unarchive:\n  format: json_documents"), Batch.of(Part.of("{\"a\":1} {\"b\":2}\n[3]")))))
                .containsExactly("{\"a\":1}", "{\"b\":2}", "[3]");
    }

    @Test
    void csvRowsBecomeObjectsKeyedByTheHeader() throws Exception {
        String csv = "id,name,note\r\n1,Ada,\"likes \"\"maths\"\", a lot\"\r\n2,Grace,\"two\nlines\"\r\n";
        List<Batch> out = run(h.processor("unarchive:\n  format: csv"), Batch.of(Part.of(csv)));
        assertThat(flatTexts(out)).containsExactly("{\"id\":\"1\",\"name\":\"Ada\",\"note\":\"likes \\\"maths\\\", a lot\"}",
                "{\"id\":\"2\",\"name\":\"Grace\",\"note\":\"two\\nlines\"}");

        assertThat(flatTexts(run(h.processor("unarchive:\n  format: 'csv:;'"), Batch.of(Part.of("a;b\nx;y")))))
                .containsExactly("{\"a\":\"x\",\"b\":\"y\"}");

        List<Batch> ragged = run(h.processor("unarchive:\n  format: csv"), Batch.of(Part.of("a,b\n1,2,3")));
        assertThat(errors(ragged).get(0)).contains("row 2 has 3 fields, the header 2");
        assertThatThrownBy(() -> h.processor("unarchive:\n  format: csv:ab")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("one delimiter character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json_array", "json_map", "tar", "zip", "binary"})
    void aMessageNotInTheFormatIsKeptAndFlagged(String format) throws Exception {
        List<Batch> out = run(h.processor("unarchive:\n  format: " + format), Batch.of(Part.of("\"just a string, no archive\""), Part.of("[]")));
        assertThat(flatTexts(out).get(0)).isEqualTo("\"just a string, no archive\"");
        assertThat(errors(out).get(0)).startsWith("unarchive");
    }
}
