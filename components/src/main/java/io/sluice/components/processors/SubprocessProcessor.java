package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code subprocess} processor: one long-running program that answers each message with one message. */
final class SubprocessProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("subprocess")
            .categories("Integration")
            .summary("Sends each message to a long-running program and replaces it by the program's answer.")
            .description("""
                    The program starts with the stream and stays up: each message is written to its standard input in \
                    the `codec_send` framing, and one answer is read back from its standard output in the \
                    `codec_recv` framing, so the program must answer every message, in order. Metadata is kept. When \
                    the program dies, the message in hand is flagged and the program is started again for the next \
                    one. What it writes to standard error goes to the log. Messages are handled one at a time. Like \
                    `command`, it runs on the host, so the gateway refuses it in API streams unless \
                    `streaming.allow_unsafe` lists `subprocess`.""")
            .fields(FieldSpec.string("name")
                            .description("The program to run: a path, or a name looked up on the PATH.")
                            .example("python3", "/opt/enrich/bin/enrich"),
                    FieldSpec.stringList("args").defaultValue(List.of())
                            .description("The program's arguments.")
                            .example(List.of("-u", "enrich.py")),
                    FieldSpec.integer("max_buffer").defaultValue(65536).advanced()
                            .rule(v -> v instanceof Long l && l < 1 ? "max_buffer must be at least 1" : null)
                            .description("The largest answer, in bytes, the program may send for one message."),
                    FieldSpec.string("codec_send").defaultValue("lines").options("lines", "length_prefixed_uint32_be", "netstring").advanced()
                            .description("How each message is framed on the program's input: `lines` (a newline after each; "
                                    + "newlines inside a message would split it), `length_prefixed_uint32_be` (a 4-byte big-endian length "
                                    + "before each) or `netstring` (`<length>:<bytes>,`)."),
                    FieldSpec.string("codec_recv").defaultValue("lines").options("lines", "length_prefixed_uint32_be", "netstring").advanced()
                            .description("How each answer is framed on the program's output, with the same choices."))
            .example("A Python enricher", "A script that reads a JSON line and prints an enriched JSON line, kept running.", """
                    pipeline:
                      processors:
                        - subprocess:
                            name: python3
                            args: [-u, ./enrich.py]
                    """);

    private final List<String> command;
    private final int maxBuffer;
    private final String send;
    private final String recv;
    private final ComponentContext ctx;
    private Process process;
    private OutputStream stdin;
    private DataInputStream stdout;

    SubprocessProcessor(List<String> command, int maxBuffer, String send, String recv, ComponentContext ctx) {
        this.command = command;
        this.maxBuffer = maxBuffer;
        this.send = send;
        this.recv = recv;
        this.ctx = ctx;
    }

    static SubprocessProcessor create(Conf conf, ComponentContext ctx) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(conf.string("name"));
        command.addAll(conf.stringList("args"));
        SubprocessProcessor p = new SubprocessProcessor(command, conf.integer("max_buffer"), conf.string("codec_send"),
                conf.string("codec_recv"), ctx);
        p.start(); // a program that cannot start fails the stream's start, not each message
        return p;
    }

    private void start() throws IOException {
        process = new ProcessBuilder(command).start();
        stdin = process.getOutputStream();
        stdout = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        InputStream stderr = process.getErrorStream();
        Thread.ofVirtual().name("subprocess-stderr").start(() -> logLines(stderr));
    }

    private void logLines(InputStream stderr) {
        try (var reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) ctx.log().warn("{}: {}", command.get(0), line);
        } catch (IOException ignored) {
            // the program is gone; nothing more to log
        }
    }

    @Override
    public synchronized List<Batch> process(Batch batch) {
        for (Part part : batch) {
            try {
                if (process == null || !process.isAlive()) start();
                write(part.bytes());
                part.setBytes(read());
            } catch (IOException e) {
                part.setError(new ProcessingFailure("subprocess " + command.get(0) + ": " + ProcessingFailure.describe(e)));
                stop(); // a fresh program for the next message: this one's framing can no longer be trusted
            }
        }
        return List.of(batch);
    }

    private void write(byte[] body) throws IOException {
        switch (send) {
            case "lines" -> {
                stdin.write(body);
                stdin.write('\n');
            }
            case "length_prefixed_uint32_be" -> {
                stdin.write(ByteBuffer.allocate(4).putInt(body.length).array());
                stdin.write(body);
            }
            default -> {
                stdin.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
                stdin.write(body);
                stdin.write(',');
            }
        }
        stdin.flush();
    }

    private byte[] read() throws IOException {
        switch (recv) {
            case "lines" -> {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = stdout.read()) != '\n') {
                    if (b < 0) throw new EOFException("the program closed its output");
                    if (line.size() >= maxBuffer) throw new IOException("an answer is longer than max_buffer (" + maxBuffer + " bytes)");
                    line.write(b);
                }
                byte[] out = line.toByteArray();
                if (out.length > 0 && out[out.length - 1] == '\r') return Arrays.copyOf(out, out.length - 1);
                return out;
            }
            case "length_prefixed_uint32_be" -> {
                long len = Integer.toUnsignedLong(stdout.readInt());
                return readExactly(len);
            }
            default -> {
                long len = 0;
                int b;
                while ((b = stdout.read()) != ':') {
                    if (b < '0' || b > '9') throw new IOException("the program's answer is not a netstring");
                    len = len * 10 + (b - '0');
                    if (len > maxBuffer) break;
                }
                byte[] body = readExactly(len);
                if (stdout.read() != ',') throw new IOException("the program's netstring does not end with ','");
                return body;
            }
        }
    }

    private byte[] readExactly(long len) throws IOException {
        if (len > maxBuffer) throw new IOException("an answer is longer than max_buffer (" + maxBuffer + " bytes)");
        byte[] body = new byte[(int) len];
        stdout.readFully(body);
        return body;
    }

    private void stop() {
        if (process != null) {
            process.destroy();
            process = null;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            try {
                stdin.close(); // lets a well-behaved program finish on end of input
            } catch (IOException ignored) {
                // already gone
            }
        }
        stop();
    }
}
