package io.sluice.components.io;

import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;

/** The {@code drop} output: accepts and discards everything. */
public final class DropOutput implements Output {

    public static final ComponentSpec SPEC = ComponentSpec.output("drop")
            .categories("Utility")
            .summary("Acknowledges every message and sends it nowhere.")
            .fields();

    @Override
    public void write(Batch batch) {
        // accepted and forgotten
    }

    @Override
    public int maxInFlight() {
        return 64;
    }

    /** Nothing to wait for and nothing to fail: the engine settles each message where it was produced. */
    @Override
    public boolean isInstant() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
