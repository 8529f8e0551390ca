package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The {@code command} processor: runs a program per message, message on its input, its output as the new message. */
final class CommandProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("command")
            .categories("Integration")
            .summary("Runs a program for each message, feeding it the message and taking what it prints as the result.")
            .description("""
                    The program starts once per message, reads the message on its standard input and its standard \
                    output becomes the new message; metadata is kept. When it exits with a status other than 0 the \
                    message is kept as it was and flagged with the status and what the program wrote to standard error. \
                    The program is started directly, not through a shell (use `sh` with `-c` for one). It runs on the \
                    host of the stream, so the gateway refuses it in streams defined inside an API unless \
                    `streaming.allow_unsafe` lists `command`. For a program that stays up and handles many messages, \
                    use `subprocess`.""")
            .fields(FieldSpec.string("name").interpolated()
                            .description("The program to run: a path, or a name looked up on the PATH.")
                            .example("jq", "/usr/local/bin/enrich", "${! meta(\"tool\") }"),
                    FieldSpec.bloblang("args_mapping").optional()
                            .description("A mapping that gives the program's arguments as an array of strings, per message.")
                            .example("root = [\"-c\", this.script]", "root = [\"--id\", meta(\"id\")]"))
            .example("Sort the lines of each message", "Runs `sort` on every message; a message whose program fails stays flagged.", """
                    pipeline:
                      processors:
                        - command:
                            name: sort
                            args_mapping: 'root = ["-u"]'
                    """);

    private final Interpolation name;
    private final Mapping argsMapping;

    CommandProcessor(Interpolation name, Mapping argsMapping, ComponentContext ctx) {
        super(ctx);
        this.name = name;
        this.argsMapping = argsMapping;
    }

    static CommandProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new CommandProcessor(conf.interpolation("name"), conf.isSet("args_mapping") ? conf.mapping("args_mapping") : null, ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        List<String> command = new ArrayList<>();
        command.add(name.render(batch, index));
        if (argsMapping != null) {
            Object args = argsMapping.query(batch, index);
            if (!(args instanceof List<?> list)) throw new ProcessingFailure("args_mapping must give an array of strings, got " + Structured.toJson(args));
            for (Object a : list) command.add(Structured.toText(a));
        }
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new ProcessingFailure("command " + command.get(0) + " did not start: " + e.getMessage());
        }
        try {
            // stdout and stderr are drained while stdin is written, so a program that answers before reading all fails no one.
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(part.bytes());
            } catch (IOException closedEarly) {
                // the program stopped reading; its exit status tells whether that was a failure
            }
            int status = process.waitFor();
            byte[] stdout = out.join();
            if (status != 0) {
                String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
                throw new ProcessingFailure("command " + command.get(0) + " exited with status " + status + (stderr.isEmpty() ? "" : ": " + stderr));
            }
            part.setBytes(stdout);
            return List.of(part);
        } finally {
            process.destroy();
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                result.complete(in.readAllBytes());
            } catch (IOException e) {
                result.complete(new byte[0]);
            }
        });
        return result;
    }
}
