package io.sluice.components.io;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.Scanner;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The {@code file} input: reads files one after the other, splitting each with a scanner. Each
 * message carries the metadata {@code path}, {@code mod_time_unix} and {@code mod_time}. With
 * {@code delete_on_finish} a file is deleted once it was read to the end and every message from it
 * was delivered.
 */
public final class FileInput implements Input {

    public static final ComponentSpec SPEC = ComponentSpec.input("file")
            .categories("Local")
            .summary("Reads files one after another and cuts them into messages with a scanner, a line each by default.")
            .description("""
                    Globs are expanded when the input starts; a file created later is not picked up. The input ends after \
                    the last file, which ends a standalone stream.

                    ### Metadata

                    - path: the file the message came from
                    - mod_time_unix: the file's modification time, in seconds since the epoch
                    - mod_time: the same time in RFC 3339 form""")
            .fields(FieldSpec.stringList("paths")
                            .description("Files to read, in order. Globs are allowed, `**` crossing directories.")
                            .example(List.of("./inbox/orders.jsonl"), List.of("/var/log/app/*.log", "/var/log/app/archive/**/*.log")),
                    ScannerFields.CODEC, ScannerFields.MAX_BUFFER, ScannerFields.scanner("lines"),
                    FieldSpec.bool("delete_on_finish").defaultValue(false).advanced()
                            .description("Delete each file once it was read to the end and every message from it was delivered."),
                    ConnectorFields.autoReplayNacks())
            .example("Compressed and plain logs together", "Reads every log below `./logs`, unpacking the gzipped ones, one "
                    + "message per line.", """
                    input:
                      file:
                        paths: [ "./logs/**/*.log", "./logs/**/*.log.gz" ]
                        scanner:
                          switch:
                            - re_match_name: '\\.gz$'
                              scanner:
                                decompress:
                                  algorithm: gzip
                                  into:
                                    lines: {}
                            - scanner:
                                lines: {}
                    """);

    private final ArrayDeque<String> paths;
    private final Scanner scanner;
    private final boolean deleteOnFinish;
    private final ComponentLog log;
    private OpenFile current;
    private volatile boolean closed;

    /** One file being read: counts the messages not yet settled, to know when it may be deleted. */
    private final class OpenFile {
        final String path;
        final Scanner.Reader reader;
        final long modUnix;
        final String modText;
        int pending;
        boolean finished;
        boolean failed;

        OpenFile(String path, Scanner.Reader reader, Instant mod) {
            this.path = path;
            this.reader = reader;
            this.modUnix = mod.getEpochSecond();
            this.modText = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(mod.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC))
                    .replace("+00:00", "Z");
        }

        synchronized void issued() {
            pending++;
        }

        void settled(Throwable err) {
            boolean done;
            synchronized (this) {
                pending--;
                if (err != null) failed = true;
                done = finished && pending == 0;
            }
            if (done) complete();
        }

        void markFinished(boolean withError) {
            boolean done;
            synchronized (this) {
                finished = true;
                if (withError) failed = true;
                done = pending == 0;
            }
            if (done) complete();
        }

        private void complete() {
            if (!deleteOnFinish || failed) return;
            try {
                Files.deleteIfExists(Paths.get(path));
                log.debug("deleted consumed file '{}'", path);
            } catch (IOException e) {
                log.error("failed to delete consumed file '{}': {}", path, e.getMessage());
            }
        }
    }

    FileInput(List<String> paths, Scanner scanner, boolean deleteOnFinish, ComponentLog log) {
        this.paths = new ArrayDeque<>(paths);
        this.scanner = scanner;
        this.deleteOnFinish = deleteOnFinish;
        this.log = log;
    }

    public static Input create(Conf conf, ComponentContext ctx) throws Exception {
        List<String> expanded;
        try {
            expanded = Globs.expand(conf.stringList("paths"));
        } catch (IOException | RuntimeException e) {
            throw conf.invalid("paths", "failed to expand paths: " + e.getMessage());
        }
        FileInput in = new FileInput(expanded, ScannerFields.build(conf, ctx), conf.bool("delete_on_finish"), ctx.log());
        return ConnectorFields.autoReplayNacks(conf, in);
    }

    @Override
    public synchronized Transaction read() throws Exception {
        while (true) {
            if (closed) throw new EndOfInputException();
            if (current == null) {
                String next = paths.peek();
                if (next == null) throw new EndOfInputException();
                Path p = Paths.get(next);
                Instant mod = Files.getLastModifiedTime(p).toInstant(); // a missing file fails here and is tried again
                current = new OpenFile(next, scanner.open(Files.newInputStream(p), next), mod);
                paths.poll();
                log.debug("consuming from file '{}'", next);
            }
            OpenFile f = current;
            List<Part> parts;
            try {
                parts = f.reader.next();
            } catch (IOException e) {
                closeCurrent(true);
                throw new IOException("failed to read file '" + f.path + "': " + e.getMessage(), e);
            }
            if (parts == null) {
                closeCurrent(false);
                continue;
            }
            if (parts.isEmpty()) continue;
            for (Part part : parts) {
                part.setMeta("path", f.path);
                part.setMeta("mod_time_unix", f.modUnix);
                part.setMeta("mod_time", f.modText);
            }
            f.issued();
            return new Transaction(new Batch(parts), f::settled);
        }
    }

    private void closeCurrent(boolean withError) {
        OpenFile f = current;
        current = null;
        try {
            f.reader.close();
        } catch (IOException e) {
            log.warn("failed to close file '{}': {}", f.path, e.getMessage());
        }
        f.markFinished(withError);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (current != null) {
                OpenFile f = current;
                current = null;
                try {
                    f.reader.close();
                } catch (IOException ignored) {
                    // best effort
                }
                f.markFinished(true); // not read to the end: never deleted
            }
        }
    }
}
