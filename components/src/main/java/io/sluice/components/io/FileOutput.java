package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * The {@code file} output. The path is rendered per message; one file is open at a time, and a new
 * path closes the previous file. Writes are flushed before the batch is acknowledged.
 */
public final class FileOutput implements Output {

    public static final ComponentSpec SPEC = ComponentSpec.output("file")
            .categories("Local")
            .summary("Appends messages to a file, separated as `codec` says.")
            .description("The path is worked out for each message, so messages can go to different files. Only one file is open "
                    + "at a time, though: when the path changes, the previous file is closed, so alternating between two paths "
                    + "reopens them on every message. Data is flushed before a batch is acknowledged.")
            .fields(FieldSpec.string("path").interpolated()
                            .description("The file to write to, interpolated per message. A missing file and its directories are created; "
                                    + "an existing file is appended to.")
                            .example("./out/events.jsonl", "/var/log/sluice/${! now().ts_format(\"2006-01-02\") }.log", "./by-tenant/${! @tenant }.jsonl"),
                    WriterCodec.field());

    private final Interpolation path;
    private final WriterCodec codec;
    private Path openPath;
    private OutputStream open;

    FileOutput(Interpolation path, WriterCodec codec) {
        this.path = path;
        this.codec = codec;
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        return new FileOutput(conf.interpolation("path"), WriterCodec.from(conf));
    }

    @Override
    public synchronized void write(Batch batch) throws IOException {
        try {
            for (int i = 0; i < batch.size(); i++) {
                Path target = Paths.get(path.render(batch, i)).normalize();
                byte[] bytes = batch.get(i).bytes();
                if (!codec.append()) {
                    closeOpen();
                    createParents(target);
                    try (OutputStream o = Files.newOutputStream(target)) {
                        codec.write(o, bytes);
                    }
                    continue;
                }
                if (open == null || !target.equals(openPath)) {
                    closeOpen();
                    createParents(target);
                    open = new BufferedOutputStream(Files.newOutputStream(target, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.APPEND));
                    openPath = target;
                }
                codec.write(open, bytes);
            }
            if (open != null) open.flush();
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    private static void createParents(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }

    private void closeOpen() throws IOException {
        if (open != null) {
            OutputStream o = open;
            open = null;
            openPath = null;
            o.close();
        }
    }

    private void closeQuietly() {
        try {
            closeOpen();
        } catch (IOException ignored) {
            // the write already failed
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeOpen();
    }
}
