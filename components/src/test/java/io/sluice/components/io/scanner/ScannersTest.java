package io.sluice.components.io.scanner;

import io.sluice.core.connect.Scanner;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import io.sluice.core.regex.Regex;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScannersTest {

    static List<String> scan(Scanner s, String text) throws IOException {
        return scan(s, text.getBytes(StandardCharsets.UTF_8), "");
    }

    static List<String> scan(Scanner s, byte[] bytes, String name) throws IOException {
        List<String> out = new ArrayList<>();
        try (Scanner.Reader r = s.open(new ByteArrayInputStream(bytes), name)) {
            for (List<Part> parts = r.next(); parts != null; parts = r.next()) {
                out.add(String.join("|", parts.stream().map(Part::text).toList()));
            }
        }
        return out;
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    void linesSplitsOnLineBreaksIncludingCrlfAndKeepsAnUnterminatedLastLine() throws IOException {
        assertThat(scan(new LinesScanner(null, 65536, false), "a\r\nb\n\nc")).containsExactly("a", "b", "", "c");
    }

    @Test
    void linesCanOmitEmptyLines() throws IOException {
        assertThat(scan(new LinesScanner(null, 65536, true), "a\n\n\nb\n")).containsExactly("a", "b");
    }

    @Test
    void linesCanUseACustomDelimiter() throws IOException {
        assertThat(scan(new LinesScanner("||", 65536, false), "a||b||c")).containsExactly("a", "b", "c");
    }

    @Test
    void linesLongerThanTheBufferAreAnError() {
        assertThatThrownBy(() -> scan(new LinesScanner(null, 16, false), "x".repeat(40) + "\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("token too long");
    }

    @Test
    void linesReadsMoreThanOneBufferOfData() throws IOException {
        String line = "y".repeat(5000);
        assertThat(scan(new LinesScanner(null, 65536, false), (line + "\n").repeat(5))).hasSize(5).allMatch(line::equals);
    }

    @Test
    void toTheEndIsTheWholeSourceAsOneMessage() throws IOException {
        assertThat(scan(new ToTheEndScanner(), "a\nb\n")).containsExactly("a\nb\n");
    }

    @Test
    void chunkerCutsFixedSizesWithAShorterLastChunk() throws IOException {
        assertThat(scan(new ChunkerScanner(3), "abcdefgh")).containsExactly("abc", "def", "gh");
    }

    @Test
    void reMatchStartsAMessageAtEveryMatch() throws IOException {
        Scanner s = new ReMatchScanner(Regex.compile("(?m)^\\d\\d:\\d\\d"), 65536);
        assertThat(scan(s, "preamble\n10:00 one\nmore\n11:00 two\n")).containsExactly("preamble\n", "10:00 one\nmore\n", "11:00 two\n");
    }

    @Test
    void skipBomDropsByteOrderMarks() throws IOException {
        byte[] withBom = ("\uFEFF\uFEFFhello").getBytes(StandardCharsets.UTF_8);
        assertThat(scan(new SkipBomScanner(new ToTheEndScanner()), withBom, "")).containsExactly("hello");
    }

    @Test
    void decompressFeedsTheDecompressedStreamToItsChild() throws IOException {
        Scanner s = new DecompressScanner("gzip", new LinesScanner(null, 65536, false));
        assertThat(scan(s, gzip("x\ny\n"), "")).containsExactly("x", "y");
    }

    @Test
    void decompressRefusesAlgorithmsTheJdkLacks() {
        assertThatThrownBy(() -> new DecompressScanner("zstd", new ToTheEndScanner())).hasMessageContaining("not supported");
    }

    @Test
    void switchPicksTheFirstCandidateWhoseNameMatches() throws IOException {
        Scanner s = new SwitchScanner(List.of(
                new SwitchScanner.Candidate(Regex.compile("\\.txt$"), new LinesScanner(null, 65536, false)),
                new SwitchScanner.Candidate(null, new ToTheEndScanner())));

        assertThat(scan(s, "a\nb".getBytes(StandardCharsets.UTF_8), "notes.txt")).containsExactly("a", "b");
        assertThat(scan(s, "a\nb".getBytes(StandardCharsets.UTF_8), "blob.bin")).containsExactly("a\nb");
    }

    @Test
    void switchRejectsASourceNoCandidateAccepts() {
        Scanner s = new SwitchScanner(List.of(new SwitchScanner.Candidate(Regex.compile("\\.csv$"), new ToTheEndScanner())));
        assertThatThrownBy(() -> scan(s, new byte[0], "x.json")).hasMessageContaining("no scanner candidate");
    }

    @Test
    void deprecatedCodecsMapToScanners() throws IOException {
        assertThat(scan(ReaderCodecs.parse("lines", 1000), "a\nb")).containsExactly("a", "b");
        assertThat(scan(ReaderCodecs.parse("all-bytes", 1000), "a\nb")).containsExactly("a\nb");
        assertThat(scan(ReaderCodecs.parse("delim:;", 1000), "a;b")).containsExactly("a", "b");
        assertThat(scan(ReaderCodecs.parse("chunker:2", 1000), "abc")).containsExactly("ab", "c");
        assertThat(scan(ReaderCodecs.parse("gzip/lines", 1000), gzip("p\nq"), "")).containsExactly("p", "q");
    }

    @Test
    void theMultipartCodecBatchesMessagesUntilAnEmptyOne() throws IOException {
        assertThat(scan(ReaderCodecs.parse("lines/multipart", 1000), "a\nb\n\nc\n")).containsExactly("a|b", "c");
    }

    @Test
    void unknownCodecsAreRejected() {
        assertThatThrownBy(() -> ReaderCodecs.parse("morse", 1000)).hasMessageContaining("not recognised");
        assertThatThrownBy(() -> ReaderCodecs.parse("lines/gzip", 1000)).hasMessageContaining("cannot follow");
    }
}
