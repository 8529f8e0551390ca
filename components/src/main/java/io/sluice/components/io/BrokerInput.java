package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.engine.Backoff;
import io.sluice.core.engine.BatchPolicy;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code broker} input: several inputs merged into one stream. Each child reads on its own
 * virtual thread, connecting and reconnecting with backoff by itself, so a child that is down never
 * holds up the others. What the children read meets in one small queue, which is also where
 * back-pressure reaches them: a child blocks while the stream is busy. A child's transaction keeps
 * its own acknowledgement, so each message is acknowledged to the source it came from.
 */
public final class BrokerInput implements Input {

    public static final ComponentSpec SPEC = ComponentSpec.input("broker")
            .categories("Utility")
            .summary("Merges the messages of several inputs into one stream.")
            .description("""
                    Every child input runs at once and on its own: one that cannot connect is retried with \
                    backoff while the others keep flowing. Messages keep the acknowledgement of the child that \
                    read them, so a rejection downstream goes back to that child's source and no other.

                    The stream ends when every child has ended. Order is kept per child, not across children.

                    With `batching`, messages from different children may share a batch; the batch is \
                    acknowledged, or rejected, to each of their sources.""")
            .fields(FieldSpec.integer("copies").defaultValue(1).min(1).advanced()
                            .description("How many instances of each child to run. Two copies of a Kafka consumer in one group "
                                    + "read twice as many partitions in parallel; two copies of a `generate` produce twice the messages."),
                    FieldSpec.inputs("inputs").defaultValue(List.of()).nonEmpty("a broker input needs at least one child input")
                            .description("The inputs to merge. At least one is needed; each may have its own `processors`."),
                    BatchPolicy.FIELD)
            .example("Two topics, one pipeline", "Read two Kafka topics, each with its own consumer group, and tell them apart by the topic metadata.", """
                    input:
                      broker:
                        inputs:
                          - kafka:
                              addresses: [ localhost:9092 ]
                              topics: [ orders ]
                              consumer_group: orders-reader
                          - kafka:
                              addresses: [ localhost:9092 ]
                              topics: [ refunds ]
                              consumer_group: refunds-reader
                    pipeline:
                      processors:
                        - mapping: |
                            root = this
                            root.kind = if meta("kafka_topic") == "refunds" { "refund" } else { "order" }
                    """);

    /** The queue holds this once a child has ended, so read() can tell "all ended" from "nothing yet". */
    private static final Object CHILD_ENDED = new Object();

    private final List<Input> children;
    private final BatchPolicy batching;
    private final ComponentLog log;
    private final BlockingQueue<Object> arrivals;
    private final AtomicInteger running;
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private boolean started;

    BrokerInput(List<Input> children, BatchPolicy batching, ComponentLog log) {
        this.children = List.copyOf(children);
        this.batching = batching;
        this.log = log;
        this.arrivals = new ArrayBlockingQueue<>(Math.max(2, children.size() * 2));
        this.running = new AtomicInteger(children.size());
    }

    public static Input create(Conf conf, ComponentContext ctx) throws Exception {
        int copies = conf.integer("copies");
        List<Input> children = new ArrayList<>();
        for (int i = 0; i < copies; i++) children.addAll(ctx.inputs(conf.child("inputs")));
        return new BrokerInput(children, BatchPolicy.from(conf.child("batching")), ctx.log());
    }

    /** Starts the children's readers; each one connects by itself, so this never fails. */
    @Override
    public synchronized void connect() {
        if (started) return;
        started = true;
        for (int i = 0; i < children.size(); i++) {
            Input child = children.get(i);
            String name = "broker.inputs." + i;
            readers.add(Thread.ofVirtual().name("broker-input-" + i).start(() -> pump(child, name)));
        }
    }

    /** One child's loop: connect, read, hand over; reconnect when the child says it lost its source. */
    private void pump(Input child, String name) {
        Backoff backoff = Backoff.standard();
        boolean connected = false;
        try {
            while (!closed) {
                if (!connected) {
                    try {
                        child.connect();
                        connected = true;
                        backoff.reset();
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        Duration wait = backoff.next();
                        log.warn("broker child {} failed to connect, retrying in {}: {}", name, wait, e.getMessage());
                        Thread.sleep(wait);
                        continue;
                    }
                }
                Transaction tx;
                try {
                    tx = child.read();
                } catch (EndOfInputException e) {
                    return;
                } catch (NotConnectedException e) {
                    connected = false;
                    Duration wait = backoff.next();
                    log.warn("broker child {} lost its connection, reconnecting in {}: {}", name, wait, e.getMessage());
                    Thread.sleep(wait);
                    continue;
                }
                if (tx == null) continue;
                if (closed) {
                    tx.nack(new IllegalStateException("input closed before the message was delivered"));
                    return;
                }
                try {
                    arrivals.put(tx);
                } catch (InterruptedException e) {
                    tx.nack(new IllegalStateException("input closed before the message was delivered"));
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (Exception e) {
            log.error("broker child {} failed and stopped: {}", name, e.getMessage());
        } finally {
            running.decrementAndGet();
            arrivals.offer(CHILD_ENDED);
        }
    }

    @Override
    public Transaction read() throws Exception {
        connect();
        Transaction first = next(Long.MAX_VALUE);
        if (first == null) throw new EndOfInputException();
        if (batching.isNoop()) return first;
        return gather(first);
    }

    /** Collects transactions into one batch until the policy says it is complete, or no more come in time. */
    private Transaction gather(Transaction first) throws Exception {
        List<Transaction> taken = new ArrayList<>();
        Batch pending = new Batch();
        long bytes = 0;
        long deadline = batching.period().isZero() ? Long.MAX_VALUE : System.nanoTime() + batching.period().toNanos();
        Transaction tx = first;
        while (true) {
            taken.add(tx);
            for (Part p : tx.batch()) {
                pending.add(p);
                bytes += p.bytes().length;
            }
            if (batching.isComplete(pending, bytes)) break;
            long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (wait <= 0) break;
            tx = next(wait);
            if (tx == null) break;
        }
        Batch merged = new Batch();
        for (Batch b : batching.finish(pending)) for (Part p : b) merged.add(p);
        return new Transaction(merged, err -> {
            for (Transaction t : taken) t.settle(err);
        });
    }

    /** The next child transaction within {@code nanos}, or null on timeout or once every child ended. */
    private Transaction next(long nanos) throws InterruptedException {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        while (true) {
            Object o;
            if (deadline == Long.MAX_VALUE) {
                o = running.get() == 0 ? arrivals.poll() : arrivals.poll(100, TimeUnit.MILLISECONDS);
                if (o == null && running.get() == 0 && arrivals.isEmpty()) return null;
                if (o == null && closed) return null;
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                o = arrivals.poll(left, TimeUnit.NANOSECONDS);
                if (o == null) return null;
            }
            if (o instanceof Transaction t) return t;
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        for (Input child : children) {
            try {
                child.close();
            } catch (Exception e) {
                log.warn("failed to close a broker child input: {}", e.getMessage());
            }
        }
        for (Thread t : readers) t.interrupt();
        // Wait for the readers to stop, so none hands over a message after the queue was emptied.
        for (Thread t : readers) t.join(Duration.ofSeconds(5));
        Object o;
        while ((o = arrivals.poll()) != null) {
            if (o instanceof Transaction t) t.nack(new IllegalStateException("input closed before the message was delivered"));
        }
    }
}
