package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The {@code archive} processor: packs every message of a batch into one. */
final class ArchiveProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("archive")
            .categories("Parsing", "Utility")
            .summary("Packs all the messages of a batch into one message: lines, a JSON array, a tar or zip file, or a binary bundle.")
            .description("""
                    The batch becomes a single message that keeps the metadata of the first one. The formats: \
                    `lines` joins the bodies with newlines; `concatenate` joins them with nothing between; `json_array` \
                    makes a JSON array of them (a body that is not JSON goes in as a string); `tar` and `zip` write each \
                    body as a file named by `path`; `binary` writes a length-prefixed bundle (a 32-bit big-endian count, \
                    then each body after its 32-bit big-endian length) that `unarchive` with `binary` splits again. Put \
                    it after batching, e.g. an output's `batching`, or in the processors of a `batched` input.""")
            .fields(FieldSpec.string("format").options("binary", "concatenate", "json_array", "lines", "tar", "zip")
                            .description("How to pack the batch."),
                    FieldSpec.string("path").interpolated().defaultValue("${! count(\"files\") }-${! timestamp_unix_nano() }.txt")
                            .description("The file name of each message inside a `tar` or `zip` archive, worked out per message.")
                            .example("${! meta(\"kafka_key\") }.json", "part-${! batch_index() }.log"))
            .example("Hourly zip of readings", "Readings are batched per minute and written as one zip file per batch.", """
                    output:
                      file:
                        path: ./readings/${! timestamp_unix() }.zip
                        codec: all-bytes
                      processors:
                        - archive:
                            format: zip
                            path: 'reading-${! batch_index() }.json'
                    """);

    private final String format;
    private final Interpolation path;

    ArchiveProcessor(String format, Interpolation path) {
        this.format = format;
        this.path = path;
    }

    static ArchiveProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new ArchiveProcessor(conf.string("format"), conf.interpolation("path"));
    }

    @Override
    public List<Batch> process(Batch batch) {
        if (batch.isEmpty()) return List.of();
        Part first = batch.get(0);
        Part out = first.copy();
        out.clearError();
        try {
            out.setBytes(pack(batch));
        } catch (IOException | RuntimeException e) {
            // Packing in memory fails only on names a format cannot hold; the batch goes on unpacked, flagged.
            for (Part p : batch) p.setError(new ProcessingFailure("archive: " + ProcessingFailure.describe(e)));
            return List.of(batch);
        }
        return List.of(Batch.of(out));
    }

    private byte[] pack(Batch batch) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        switch (format) {
            case "lines", "concatenate" -> {
                for (int i = 0; i < batch.size(); i++) {
                    if (i > 0 && format.equals("lines")) buf.write('\n');
                    buf.writeBytes(batch.get(i).bytes());
                }
            }
            case "json_array" -> {
                List<Object> items = new ArrayList<>(batch.size());
                for (Part p : batch) {
                    try {
                        items.add(p.structured());
                    } catch (MessageParseException notJson) {
                        items.add(p.text());
                    }
                }
                buf.writeBytes(Part.ofStructured(items).bytes());
            }
            case "binary" -> {
                buf.writeBytes(ByteBuffer.allocate(4).putInt(batch.size()).array());
                for (Part p : batch) {
                    byte[] b = p.bytes();
                    buf.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
                    buf.writeBytes(b);
                }
            }
            case "tar" -> {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    Date now = new Date();
                    for (int i = 0; i < batch.size(); i++) {
                        byte[] b = batch.get(i).bytes();
                        TarArchiveEntry entry = new TarArchiveEntry(path.render(batch, i));
                        entry.setSize(b.length);
                        entry.setMode(0600);
                        entry.setModTime(now);
                        tar.putArchiveEntry(entry);
                        tar.write(b);
                        tar.closeArchiveEntry();
                    }
                }
            }
            case "zip" -> {
                try (ZipOutputStream zip = new ZipOutputStream(buf)) {
                    for (int i = 0; i < batch.size(); i++) {
                        zip.putNextEntry(new ZipEntry(path.render(batch, i)));
                        zip.write(batch.get(i).bytes());
                        zip.closeEntry();
                    }
                }
            }
            default -> throw new IllegalStateException("format not covered: " + format);
        }
        return buf.toByteArray();
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
