package io.sluice.core.engine;

import io.sluice.core.component.Buffer;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A running stream: input → buffer → pipeline (N threads) → output (up to max-in-flight writes).
 *
 * <p>Every stage runs on virtual threads and hands work on through small bounded queues, so a slow
 * output slows the input down instead of filling memory. A batch's acknowledgement is called only
 * after the output accepted (or finally refused) everything derived from it. {@link #stop(Duration)}
 * closes the input and drains what is in flight within the deadline; anything still unfinished then
 * is rejected, so the source redelivers it rather than losing it.
 */
public final class Stream {
    private static final Transaction END = new Transaction(new Batch(), null);

    private final String name;
    private final String inputType;
    private final String outputType;
    private final Input input;
    private final Buffer buffer;
    private final List<Processor> processors;
    private final int threads;
    private final Output output;
    private final Duration shutdownTimeout;
    private final StreamBuilder.Context ctx;
    private final ComponentLog log;
    private final StreamMetrics metrics;

    /** Transactions that may wait between the pipeline and the output writers. */
    static final int HAND_OVER_CAPACITY = 64;

    private final BlockingQueue<Transaction> toOutput;
    private final LongAdder inputReceived;
    private final LongAdder outputSent;
    private final ConnectionTracker inputConnection;
    private final ConnectionTracker outputConnection;
    private final Set<Transaction> inFlight = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger pipelinesLeft = new AtomicInteger();
    private final AtomicInteger outputsLeft = new AtomicInteger();
    private final boolean inlinePipeline;
    // The output settles on the thread that produced the batch (Output.isInstant): no writer threads, no queue.
    private final boolean instantOutput;
    // Reader, pipeline and output all on the reader's thread: at most one transaction is in flight, kept here
    // rather than in the inFlight set (a set entry and a wrapping transaction per message cost more than the rest).
    private final boolean allInline;
    private volatile Transaction current;
    // Order of results across pipeline threads: a ticket per read, handed over in ticket order.
    private final ReentrantLock readTurn = new ReentrantLock();
    private final ReentrantLock emitTurn = new ReentrantLock();
    private final Condition yourTurn = emitTurn.newCondition();
    private long nextTicket;
    private long nextToEmit;
    private volatile boolean stopping;
    private volatile Thread reader;
    private volatile boolean inRead;
    private volatile boolean forced;
    // One writer (re)connects the output at a time; the others wait for it. A lock rather than a monitor: the
    // connecting writer sleeps between attempts, which would pin a carrier thread under synchronized.
    private final ReentrantLock outputConnectLock = new ReentrantLock();
    // Successful output connects so far: a writer whose write failed on an older connection only retries.
    private volatile int outputEpoch;

    Stream(String name, String inputType, Input input, Buffer buffer, List<Processor> processors, int threads,
           String outputType, Output output, Duration shutdownTimeout, StreamBuilder.Context ctx) {
        this.name = name;
        this.inputType = inputType;
        this.outputType = outputType;
        this.input = input;
        this.buffer = buffer;
        this.processors = processors;
        boolean threadsChosen = threads > 0;
        this.threads = threadsChosen ? threads : Runtime.getRuntime().availableProcessors();
        this.output = output;
        this.shutdownTimeout = shutdownTimeout;
        this.ctx = ctx;
        this.log = ctx.log();
        this.metrics = ctx.metrics();
        // Room for a run of messages between the pipeline and the output: with room for only one, every message would
        // park the producer and wake the writer (two thread switches per message, most of the engine's cost on a
        // broker input). What waits here is read but not acknowledged, so a stop drains or rejects it like the rest.
        this.toOutput = new ArrayBlockingQueue<>(Math.max(HAND_OVER_CAPACITY, output.maxInFlight()));
        this.inputReceived = metrics.counter("input_received");
        this.outputSent = metrics.counter("output_sent");
        this.inputConnection = ConnectionTracker.forInput(metrics, log);
        this.outputConnection = ConnectionTracker.forOutput(metrics, log);
        // With no buffer and either one pipeline thread or no processors to run in parallel, a separate
        // pipeline stage only adds a hand-off per message; the reader runs the processors itself (same
        // order, same back-pressure). So it does when every processor only computes and `threads` was left
        // at its default: results are delivered in input order anyway, so parallel threads pay two thread
        // switches per message for work that takes a fraction of that (issue 20's measurements).
        boolean cpuOnly = true;
        for (Processor p : processors) cpuOnly &= !p.mayBlock();
        this.inlinePipeline = buffer.isPassThrough() && (this.threads == 1 || processors.isEmpty() || (cpuOnly && !threadsChosen));
        this.instantOutput = output.isInstant();
        this.allInline = inlinePipeline && instantOutput;
    }

    public String name() {
        return name;
    }

    public StreamMetrics metrics() {
        return metrics;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** Connection states of the input and the output, and the counters; cheap, callable from any thread. */
    public StreamStatus status() {
        return new StreamStatus(name, inputType, outputType, inputConnection.status(), outputConnection.status(), metrics.snapshot());
    }

    /** Completes when the input ended and everything was delivered, or when the stream was stopped. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Output writer threads: none when the output settles where the batch was produced. */
    private int writerCount() {
        return instantOutput ? 0 : Math.max(1, output.maxInFlight());
    }

    public synchronized Stream start() {
        int writers = writerCount();
        pipelinesLeft.set(threads);
        outputsLeft.set(writers);
        Thread.Builder vt = Thread.ofVirtual();
        for (int i = 0; i < writers; i++) workers.add(vt.name("stream-" + name + "-output-" + i).start(this::outputLoop));
        if (!inlinePipeline) {
            for (int i = 0; i < threads; i++) workers.add(vt.name("stream-" + name + "-pipeline-" + i).start(this::pipelineLoop));
        }
        reader = vt.name("stream-" + name + "-input").start(this::inputLoop);
        log.debug("stream started with {} pipeline threads and {} output writers", threads, writers);
        return this;
    }

    // ---- stages ----

    private void inputLoop() {
        Backoff backoff = Backoff.standard();
        Backoff outputBackoff = Backoff.standard();
        boolean connected = false;
        try {
            // No writer thread connects an instant output: the reader does, before the first message can reach it.
            if (instantOutput) connectOutput(0, outputBackoff, null);
            while (!stopping) {
                if (!connected) {
                    // A successful read resets the backoff as well (see ConnectionTracker.connect for when connecting does).
                    if (!inputConnection.connect(input::connect, backoff, () -> stopping)) break;
                    connected = true;
                }
                Transaction tx;
                try {
                    inRead = true;
                    tx = input.read();
                } catch (EndOfInputException e) {
                    log.debug("input reached its end");
                    break;
                } catch (NotConnectedException e) {
                    // Also how a lazily connecting input reports a failed attempt: wait before trying again.
                    connected = false;
                    inputConnection.lost(e, backoff);
                    continue;
                } catch (InterruptedException e) {
                    break;
                } catch (Exception e) {
                    if (stopping) break;
                    Duration wait = backoff.next();
                    log.error("failed to read from input, retrying in {}: {}", Durations.format(wait), e.getMessage());
                    Thread.sleep(wait);
                    continue;
                }
                finally {
                    inRead = false;
                }
                if (tx == null) continue;
                backoff.reset();
                inputReceived.add(tx.batch().size());
                if (allInline) {
                    current = tx;
                    boolean keepGoing = processAndDeliver(tx, outputBackoff);
                    current = null;
                    if (!keepGoing) break;
                    continue;
                }
                Transaction tracked = track(tx);
                if (!(inlinePipeline ? processAndForward(tracked, outputBackoff) : handOver(tracked))) break;
            }
        } catch (InterruptedException e) {
            // stopping
        } finally {
            inputConnection.stopped();
            if (inlinePipeline) endWriters();
            else buffer.endOfInput();
        }
    }

    /**
     * Hands a read transaction to the buffer. A stop must not strand it between the two: it is
     * handed over even if the stop interrupts us, unless the drain deadline passed, in which case
     * it is rejected so that the source redelivers it. Returns false when the reader should end.
     */
    private boolean handOver(Transaction tx) {
        boolean interrupted = false;
        while (true) {
            if (forced) {
                tx.nack(new IllegalStateException("stream stopped before delivery"));
                return false;
            }
            try {
                buffer.write(tx);
                return !interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** Wraps a transaction so the stream knows what is in flight until it is settled. */
    private Transaction track(Transaction tx) {
        Transaction[] holder = new Transaction[1];
        Transaction tracked = new Transaction(tx.batch(), err -> {
            inFlight.remove(holder[0]);
            tx.settle(err);
        });
        holder[0] = tracked;
        inFlight.add(tracked);
        return tracked;
    }

    /**
     * One of several pipeline threads. Processing runs in parallel, but results reach the output in
     * the order the input produced them: each thread takes a ticket when it reads and waits for its
     * turn before handing over, so a Kafka partition or a WebSocket feed keeps its order.
     */
    private void pipelineLoop() {
        Backoff outputBackoff = Backoff.standard();
        try {
            while (true) {
                Transaction tx;
                long ticket;
                readTurn.lockInterruptibly();
                try {
                    tx = buffer.read();
                    ticket = nextTicket++;
                } finally {
                    readTurn.unlock();
                }
                if (tx == null) break;
                List<Batch> results = process(tx);
                boolean keepGoing;
                emitTurn.lock();
                try {
                    while (nextToEmit != ticket && !forced) yourTurn.awaitUninterruptibly();
                    keepGoing = results != null && forward(tx, results, outputBackoff);
                } finally {
                    nextToEmit++;
                    yourTurn.signalAll();
                    emitTurn.unlock();
                }
                if (!keepGoing) break;
            }
        } catch (InterruptedException e) {
            // stopping
        } finally {
            if (pipelinesLeft.decrementAndGet() == 0) endWriters();
        }
    }

    /**
     * Runs the pipeline's processors over one transaction and hands the results to the output
     * writers. The hand-over completes even if a stop interrupts it (a read message is never
     * stranded), unless the drain deadline passed. Returns false when the caller should end.
     */
    private boolean processAndForward(Transaction tx, Backoff outputBackoff) {
        List<Batch> results = process(tx);
        return results != null && forward(tx, results, outputBackoff);
    }

    /**
     * The all-inline path: processors and the (instant) output on the reader's thread. A single result is
     * delivered with the read transaction itself; the child transaction {@link SplitAck} would make for it
     * only passes its settlement on. Returns false when the reader should end.
     */
    private boolean processAndDeliver(Transaction tx, Backoff outputBackoff) {
        List<Batch> results = process(tx);
        if (results == null) return false;
        try {
            if (results.size() == 1) {
                if (forced) {
                    tx.nack(new IllegalStateException("stream stopped before delivery"));
                    return false;
                }
                deliver(tx, results.get(0), outputBackoff);
                return true;
            }
            for (Transaction child : SplitAck.split(tx, results)) {
                if (forced) {
                    child.nack(new IllegalStateException("stream stopped before delivery"));
                    return false;
                }
                deliver(child, child.batch(), outputBackoff);
            }
            return true;
        } catch (InterruptedException e) {
            return false; // deliver rejected the transaction
        }
    }

    /** The processors' results, or null when processing was interrupted (the transaction is then rejected). */
    private List<Batch> process(Transaction tx) {
        try {
            return Processors.run(processors, tx.batch());
        } catch (InterruptedException e) {
            tx.nack(e);
            return null;
        } catch (RuntimeException e) {
            log.error("pipeline failed: {}", e.toString(), e);
            tx.nack(e);
            return List.of(); // already rejected; the ack that an empty result implies is ignored (settles once)
        }
    }

    /** Hands a transaction's results to the output writers, or writes them itself to an instant output; see {@link #processAndForward}. */
    private boolean forward(Transaction tx, List<Batch> results, Backoff outputBackoff) {
        boolean interrupted = false;
        for (Transaction child : SplitAck.split(tx, results)) {
            while (true) {
                if (forced) {
                    child.nack(new IllegalStateException("stream stopped before delivery"));
                    return false;
                }
                if (instantOutput) {
                    try {
                        deliver(child, child.batch(), outputBackoff);
                    } catch (InterruptedException e) {
                        return false; // rejected by deliver
                    }
                    break;
                }
                try {
                    toOutput.put(child);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return !interrupted;
    }

    /** Tells each output writer that no more work comes, even if this thread was interrupted by a stop. */
    private void endWriters() {
        int writers = writerCount();
        if (writers == 0) {
            finish();
            return;
        }
        boolean interrupted = Thread.interrupted();
        for (int i = 0; i < writers && !forced; ) {
            try {
                if (toOutput.offer(END, 100, TimeUnit.MILLISECONDS)) i++;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Connects the output, retrying with backoff: a broker that is down delays delivery (with back-pressure on the
     * input) instead of failing messages. Called before the first write ({@code lost} null) and after a write found
     * the connection gone. One writer connects at a time; when another one already reconnected since {@code epoch}
     * (the connection the failed write used), this returns at once, so an outage that fails several writes in flight
     * counts as one loss and causes one reconnect.
     */
    private void connectOutput(int epoch, Backoff backoff, NotConnectedException lost) throws InterruptedException {
        outputConnectLock.lockInterruptibly();
        try {
            if (outputEpoch != epoch) return;
            if (lost != null) outputConnection.lost(lost, backoff);
            if (!outputConnection.connect(output::connect, backoff, () -> forced)) throw new InterruptedException("stream stopped");
            outputEpoch = epoch + 1;
        } finally {
            outputConnectLock.unlock();
        }
    }

    private void outputLoop() {
        Backoff backoff = Backoff.standard();
        try {
            connectOutput(0, backoff, null);
            while (true) {
                Transaction tx = toOutput.take();
                if (tx == END) break;
                deliver(tx, tx.batch(), backoff);
            }
        } catch (InterruptedException e) {
            // stopping
        } finally {
            if (outputsLeft.decrementAndGet() == 0) finish();
        }
    }

    /**
     * Writes {@code batch} (what became of {@code tx}) and settles {@code tx}: acknowledged once the output took it,
     * rejected when it refused it; a lost connection is re-established and the write repeated. Throws (after
     * rejecting {@code tx}) when interrupted by a stop.
     */
    private void deliver(Transaction tx, Batch batch, Backoff backoff) throws InterruptedException {
        logUnhandledErrors(batch);
        while (true) {
            int epoch = outputEpoch;
            NotConnectedException lost;
            try {
                output.write(batch);
                outputSent.add(batch.size());
                tx.ack();
                backoff.reset();
                return;
            } catch (NotConnectedException e) {
                lost = e; // not the message's fault: reconnect and write again
            } catch (InterruptedException e) {
                tx.nack(e);
                throw e;
            } catch (Exception e) {
                metrics.add("output_error", batch.size());
                log.error("failed to send message to output: {}", ConnectionTracker.describe(e));
                tx.nack(e);
                return;
            }
            try {
                connectOutput(epoch, backoff, lost);
            } catch (InterruptedException e) {
                tx.nack(e);
                throw e;
            }
        }
    }

    private void logUnhandledErrors(Batch batch) {
        for (Part p : batch) {
            if (p.hasError()) {
                metrics.increment("processor_error");
                log.error("message has an unhandled error: {}", p.errorMessage());
            }
        }
    }

    private void finish() {
        outputConnection.stopped();
        try {
            output.close();
        } catch (Exception e) {
            log.warn("failed to close output: {}", e.getMessage());
        }
        for (Processor p : processors) p.close();
        buffer.close();
        ctx.streamResources().close();
        done.complete(null);
    }

    // ---- lifecycle ----

    /** Closes the input and waits up to {@code timeout} for in-flight messages to be delivered. */
    public void stop(Duration timeout) {
        stopping = true;
        try {
            input.close();
        } catch (Exception e) {
            log.warn("failed to close input: {}", e.getMessage());
        }
        // Interrupt a read that is waiting for data; never a hand-over in progress (see handOver).
        Thread r = reader;
        if (r != null && inRead) r.interrupt();
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("stream did not drain within {}; {} transactions are returned to the input", Durations.format(timeout), inFlight());
            forced = true;
            if (r != null) r.interrupt();
            emitTurn.lock();
            try {
                yourTurn.signalAll(); // threads waiting for their turn re-check `forced` and reject their work
            } finally {
                emitTurn.unlock();
            }
            for (Transaction tx : List.copyOf(inFlight)) tx.nack(new IllegalStateException("stream stopped before delivery"));
            Transaction inline = current;
            if (inline != null) inline.nack(new IllegalStateException("stream stopped before delivery"));
            for (Thread t : workers) t.interrupt();
            try {
                done.get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                done.complete(null);
            }
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        stop(shutdownTimeout);
    }

    /** Whether input, processors and output all run on the reader's thread (no hand-off per message). */
    public boolean runsInline() {
        return allInline;
    }

    /** Number of transactions read but not yet settled. */
    public int inFlight() {
        return inFlight.size() + (current != null ? 1 : 0);
    }
}
