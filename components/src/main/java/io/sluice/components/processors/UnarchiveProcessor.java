package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The {@code unarchive} processor: splits each message into the messages packed inside it. */
final class UnarchiveProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("unarchive")
            .categories("Parsing", "Utility")
            .summary("Splits each message into the messages packed in it: lines, JSON array items, JSON map entries, files of a tar or zip, or a binary bundle.")
            .description("""
                    The new messages take the place of the original in the batch, in order, each with a copy of its \
                    metadata. `lines` splits on newlines (a trailing newline adds no empty message); `json_array` makes \
                    a message of each item; `json_documents` of each JSON document in a stream of them; `json_map` of each \
                    value of an object, with its key in the metadata `archive_key`; `tar` and `zip` of each file, with \
                    its name in `archive_filename` (directories are skipped); `binary` reads the bundle `archive` writes; \
                    `csv` reads a CSV document whose first row names the columns and makes a JSON object of each \
                    further row (all values strings; quoted fields may hold delimiters, quotes and newlines). \
                    A message that is not in the format stays as it was, flagged with the reason.""")
            .fields(FieldSpec.string("format")
                    .rule(UnarchiveProcessor::formatProblem)
                    .description("The format the messages are packed in: `binary`, `csv` (or `csv:` and a one-character delimiter, "
                            + "e.g. `csv:;`), `json_array`, `json_documents`, `json_map`, `lines`, `tar` or `zip`.")
                    .example("tar", "csv", "csv:;"))
            .example("Files of an uploaded tar", "Each tar file that arrives is split into one message per file, named in the metadata.", """
                    input:
                      file:
                        paths: [./uploads/*.tar]
                        scanner:
                          to_the_end: {}
                    pipeline:
                      processors:
                        - unarchive:
                            format: tar
                        - log:
                            message: 'extracted ${! meta("archive_filename") }'
                    """);

    private final String format;

    UnarchiveProcessor(String format, ComponentContext ctx) {
        super(ctx);
        this.format = format;
    }

    static UnarchiveProcessor create(Conf conf, ComponentContext ctx) {
        return new UnarchiveProcessor(conf.string("format"), ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        byte[] body = part.bytes();
        List<Part> out = new ArrayList<>();
        try {
            switch (format) {
                case "lines" -> {
                    String text = part.text();
                    if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
                    for (String line : text.split("\n", -1)) out.add(child(part, line.getBytes(StandardCharsets.UTF_8)));
                }
                case "json_array" -> {
                    if (!(part.structured() instanceof List<?> items)) throw new ProcessingFailure("unarchive: message is not a JSON array");
                    for (Object item : items) out.add(structuredChild(part, item));
                }
                case "json_map" -> {
                    if (!(part.structured() instanceof Map<?, ?> map)) throw new ProcessingFailure("unarchive: message is not a JSON object");
                    for (Map.Entry<?, ?> e : map.entrySet()) out.add(structuredChild(part, e.getValue()).setMeta("archive_key", e.getKey()));
                }
                case "json_documents" -> {
                    try (MappingIterator<JsonNode> docs = JsonNodes.MAPPER.readerFor(JsonNode.class)
                            .with(JsonParser.Feature.AUTO_CLOSE_SOURCE).readValues(body)) {
                        while (docs.hasNextValue()) out.add(child(part, JsonNodes.bytes(docs.nextValue())));
                    }
                }
                case "binary" -> {
                    ByteBuffer in = ByteBuffer.wrap(body);
                    int count = in.getInt();
                    if (count < 0 || count > body.length) throw new ProcessingFailure("unarchive: not a binary bundle");
                    for (int i = 0; i < count; i++) {
                        int len = in.getInt();
                        if (len < 0 || len > in.remaining()) throw new ProcessingFailure("unarchive: binary bundle is cut short");
                        byte[] b = new byte[len];
                        in.get(b);
                        out.add(child(part, b));
                    }
                }
                case "tar" -> {
                    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(body))) {
                        TarArchiveEntry entry;
                        while ((entry = tar.getNextEntry()) != null) {
                            if (!entry.isFile()) continue;
                            out.add(child(part, tar.readAllBytes()).setMeta("archive_filename", entry.getName()));
                        }
                    }
                    if (out.isEmpty() && !looksLikeTar(body)) throw new ProcessingFailure("unarchive: message is not a tar archive");
                }
                case "zip" -> {
                    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
                        ZipEntry entry;
                        boolean any = false;
                        while ((entry = zip.getNextEntry()) != null) {
                            any = true;
                            if (entry.isDirectory()) continue;
                            out.add(child(part, zip.readAllBytes()).setMeta("archive_filename", entry.getName()));
                        }
                        if (!any) throw new ProcessingFailure("unarchive: message is not a zip archive");
                    }
                }
                default -> {
                    if (!format.startsWith("csv")) throw new IllegalStateException("format not covered: " + format);
                    char delimiter = format.length() == 5 ? format.charAt(4) : ',';
                    for (Map<String, Object> row : Csv.rows(part.text(), delimiter)) {
                        Part p = part.copy();
                        p.setStructured(row);
                        out.add(p);
                    }
                }
            }
        } catch (MessageParseException | IOException | BufferUnderflowException e) {
            throw new ProcessingFailure("unarchive " + format + ": " + ProcessingFailure.describe(e));
        }
        return out;
    }

    private static final Set<String> FORMATS = Set.of("binary", "csv", "json_array", "json_documents", "json_map",
            "lines", "tar", "zip");

    private static String formatProblem(Object value) {
        if (!(value instanceof String s)) return null;
        if (FORMATS.contains(s) || (s.startsWith("csv:") && s.length() == 5)) return null;
        return "format must be one of " + String.join(", ", new TreeSet<>(FORMATS)) + ", or csv: followed by one delimiter character";
    }

    /** An empty tar is 1024 zero bytes (or more); anything else that yields no entries was not a tar. */
    private static boolean looksLikeTar(byte[] body) {
        if (body.length < 512 || body.length % 512 != 0) return false;
        for (byte b : body) if (b != 0) return false;
        return true;
    }

    private static Part child(Part original, byte[] body) {
        Part p = original.copy();
        p.setBytes(body);
        return p;
    }

    private static Part structuredChild(Part original, Object value) {
        Part p = original.copy();
        p.setStructured(Structured.deepCopy(value));
        return p;
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
