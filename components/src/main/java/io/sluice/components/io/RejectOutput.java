package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

/** The {@code reject} output: fails every write with an (interpolated) error message. */
public final class RejectOutput implements Output {

    public static final ComponentSpec SPEC = ComponentSpec.output("reject")
            .categories("Utility")
            .summary("Rejects all messages, treating them as though the output destination failed to publish them.")
            .description("What happens next depends on the input: inputs that support it nack the message upstream; "
                    + "others (and inputs with `auto_replay_nacks`) deliver it again.")
            .config(FieldSpec.string("").defaultValue("").interpolated()
                    .description("The error message, which may use interpolation functions.")
                    .example("processing failed due to: ${! error() }"))
            .example("Rejecting Failed Messages", "Push processing errors back upstream instead of sending them on.", """
                    output:
                      switch:
                        retry_until_success: false
                        cases:
                          - check: '!errored()'
                            output:
                              stdout: {}
                          - output:
                              reject: "processing failed due to: ${! error() }"
                    """);

    /** The error a reject output fails writes with. */
    public static final class RejectedException extends Exception {
        public RejectedException(String message) {
            super(message, null, false, false);
        }
    }

    private final Interpolation message;

    RejectOutput(Interpolation message) {
        this.message = message;
    }

    public static Output create(Conf conf, ComponentContext ctx) throws ConfigException {
        String text = conf.asString();
        if (text == null || text.isEmpty()) {
            throw new ConfigException(conf.position(), conf.path(), "an error message must be provided in order to provide context for the rejection");
        }
        return new RejectOutput(conf.asInterpolation());
    }

    @Override
    public void write(Batch batch) throws RejectedException {
        throw new RejectedException(batch.isEmpty() ? message.toString() : message.render(batch, 0));
    }

    @Override
    public int maxInFlight() {
        return 64;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
