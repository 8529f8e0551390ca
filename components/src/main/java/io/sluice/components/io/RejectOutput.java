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
            .summary("Fails every write with the given error, as if the destination had refused the messages.")
            .description("The input then does what it does with a refused message: a queue input such as `amqp_0_9` hands it back to "
                    + "the queue (which may dead-letter it), and one with `auto_replay_nacks` delivers it again. Mind that a message that fails "
                    + "every time is delivered again every time.")
            .config(FieldSpec.string("").defaultValue("").nonEmpty("reject needs a non-empty error message, to say why the messages were refused").interpolated()
                    .description("The error, interpolated per message. Must not be empty.")
                    .example("invalid order: ${! error() }"))
            .example("Hand failed messages back to RabbitMQ", "Messages that failed processing are rejected, so that the queue "
                    + "can dead-letter them; the others go to the API.", """
                    input:
                      amqp_0_9:
                        urls: [ amqp://guest:guest@127.0.0.1:5672/ ]
                        queue: orders
                        nack_reject_patterns: [ "^invalid order" ]
                    output:
                      switch:
                        cases:
                          - check: '!errored()'
                            output:
                              http_client:
                                url: http://orders.internal:8080/ingest
                                verb: POST
                          - output:
                              reject: 'invalid order: ${! error() }'
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
