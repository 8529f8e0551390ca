package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.engine.Backoff;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code broker} input: reads several inputs at once and hands their batches on as one input, in the order they
 * arrive. Each child reads on its own virtual thread, connects (and reconnects, with backoff) by itself, and waits when
 * the stream is not keeping up; acknowledgements go back to the child a batch came from. The input ends when every
 * child has ended.
 */
public final class BrokerInput implements Input {

    public static final ComponentSpec SPEC = ComponentSpec.input("broker")
            .categories("Utility")
            .summary("Reads from several inputs at once and merges their messages into one stream.")
            .description("Every child input runs by itself: one that cannot connect is retried with backoff while the others go on. "
                    + "Messages are passed on as they arrive, so their order across children is not defined. Each acknowledgement "
                    + "goes back to the input the message came from. The broker ends when all of its inputs have ended.")
            .fields(
                    FieldSpec.integer("copies").defaultValue(1).description("How many copies of each input to run."),
                    FieldSpec.inputs("inputs").description("The inputs to read from."))
            .example("Two sources, one pipeline", "Orders from Kafka and from an HTTP endpoint go through the same processors.", """
                    input:
                      broker:
                        inputs:
                          - kafka:
                              addresses: [ localhost:9092 ]
                              topics: [ orders ]
                              consumer_group: shop
                          - http_server:
                              path: /orders
                    """);

    private final List<Input> children;
    private final ComponentLog log;
    private final BlockingQueue<Transaction> arrived;
    private final AtomicInteger running = new AtomicInteger();
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean closed;
    private volatile boolean allEnded;
    private boolean started;

    BrokerInput(List<Input> children, ComponentLog log) {
        this.children = List.copyOf(children);
        this.log = log;
        this.arrived = new ArrayBlockingQueue<>(Math.max(1, children.size()));
    }

    public static Input create(Conf conf, ComponentContext ctx) throws Exception {
        int copies = conf.integer("copies");
        if (copies < 1) {
            throw new io.sluice.core.config.ConfigException(conf.child("copies").position(), conf.child("copies").path(), "must be at least 1");
        }
        List<Input> children = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            children.addAll(conf.inputs("inputs")); // built again per copy: each copy is its own input
        }
        if (children.isEmpty()) {
            throw new io.sluice.core.config.ConfigException(conf.child("inputs").position(), conf.child("inputs").path(), "needs at least one input");
        }
        return new BrokerInput(children, ctx.log());
    }

    @Override
    public synchronized void connect() {
        if (started) {
            return;
        }
        started = true;
        running.set(children.size());
        for (int i = 0; i < children.size(); i++) {
            Input child = children.get(i);
            String name = "inputs." + i;
            readers.add(Thread.ofVirtual().name("broker-input-" + i).start(() -> pump(child, name)));
        }
    }

    /** One child's loop: connect, read, hand over; reconnect with backoff when it loses its connection. */
    private void pump(Input child, String name) {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        boolean connected = false;
        try {
            while (!closed) {
                try {
                    if (!connected) {
                        child.connect();
                        connected = true;
                        backoff.reset();
                    }
                    Transaction transaction = child.read();
                    arrived.put(transaction);
                } catch (EndOfInputException e) {
                    return;
                } catch (NotConnectedException e) {
                    connected = false;
                    Duration wait = backoff.next();
                    log.warn("broker input {} is not connected, reconnecting in {}: {}", name, wait, e.getMessage());
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (closed) {
                        return;
                    }
                    connected = false;
                    Duration wait = backoff.next();
                    log.warn("broker input {} failed, retrying in {}: {}", name, wait, e.getMessage());
                    Thread.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (running.decrementAndGet() == 0) {
                allEnded = true;
            }
        }
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            if (closed) {
                throw new EndOfInputException();
            }
            boolean ended = allEnded; // read before polling: a batch put before the last child ended is still found
            Transaction next = arrived.poll(200, TimeUnit.MILLISECONDS);
            if (next != null) {
                return next;
            }
            if (ended) {
                throw new EndOfInputException();
            }
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        readers.forEach(Thread::interrupt);
        Exception first = null;
        for (Input child : children) {
            try {
                child.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        // batches read but never handed on are redelivered by their sources
        Transaction left;
        while ((left = arrived.poll()) != null) {
            left.nack(new IllegalStateException("input closed"));
        }
        if (first != null) {
            throw first;
        }
    }
}
