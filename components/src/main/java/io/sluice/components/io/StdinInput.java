package io.sluice.components.io;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.Scanner;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * The {@code stdin} input. Reading a terminal or pipe cannot be interrupted, so a daemon thread
 * scans the stream and hands messages over one at a time; {@link #close()} returns at once.
 */
public final class StdinInput implements Input {

    public static final ComponentSpec SPEC = ComponentSpec.input("stdin")
            .categories("Local")
            .summary("Reads standard input and cuts it into messages with a scanner, a line each by default. The input ends at end of file.")
            .fields(ScannerFields.CODEC, ScannerFields.MAX_BUFFER, ScannerFields.scanner("lines"),
                    ConnectorFields.autoReplayNacks());

    private static final Object EOF = new Object();

    private final Scanner scanner;
    private final Supplier<InputStream> stream;
    private final BlockingQueue<Object> handOver = new ArrayBlockingQueue<>(1);
    private Thread readerThread;
    private volatile boolean closed;
    private volatile boolean ended;

    StdinInput(Scanner scanner, Supplier<InputStream> stream) {
        this.scanner = scanner;
        this.stream = stream;
    }

    public static Input create(Conf conf, ComponentContext ctx) throws Exception {
        StdinInput in = new StdinInput(ScannerFields.build(conf, ctx), () -> new FilterInputStream(System.in) {
            @Override
            public void close() {
                // never close the process's stdin
            }
        });
        return ConnectorFields.autoReplayNacks(conf, in);
    }

    @Override
    public synchronized void connect() {
        if (readerThread != null) return;
        readerThread = Thread.ofPlatform().daemon().name("sluice-stdin").start(this::pump);
    }

    private void pump() {
        try (Scanner.Reader r = scanner.open(stream.get(), "")) {
            while (!closed) {
                List<Part> parts = r.next();
                if (parts == null) break;
                if (!parts.isEmpty()) handOver.put(new Batch(parts));
            }
            handOver.put(EOF);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            try {
                handOver.put(e);
                handOver.put(EOF);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Transaction read() throws Exception {
        if (closed || ended) throw new EndOfInputException();
        connect();
        Object next = handOver.take();
        if (next == EOF || closed) {
            ended = true; // keep reporting the end
            throw new EndOfInputException();
        }
        if (next instanceof Exception e) throw e;
        return new Transaction((Batch) next, null);
    }

    @Override
    public void close() {
        closed = true;
        handOver.clear();
        handOver.offer(EOF);
        Thread t = readerThread;
        if (t != null) t.interrupt();
    }
}
