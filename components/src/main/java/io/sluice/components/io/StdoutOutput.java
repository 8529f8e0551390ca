package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;

/** The {@code stdout} output: prints messages as a continuous stream of data. */
public final class StdoutOutput implements Output {

    public static final ComponentSpec SPEC = ComponentSpec.output("stdout")
            .categories("Local")
            .summary("Writes messages to standard output, separated as `codec` says: one per line by default.")
            .fields(WriterCodec.field());

    private final OutputStream out;
    private final WriterCodec codec;

    StdoutOutput(OutputStream out, WriterCodec codec) {
        this.out = out;
        this.codec = codec;
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        // The raw descriptor: System.out may be redirected by logging set-ups, and bytes must pass unchanged.
        return new StdoutOutput(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024), WriterCodec.from(conf));
    }

    @Override
    public synchronized void write(Batch batch) throws Exception {
        for (Part p : batch) codec.write(out, p.bytes());
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.flush(); // the process's stdout stays open
    }
}
