package io.sluice.gateway.streaming.edge;

import io.sluice.core.connect.Offload;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * <b>The one place where work crosses between a stream's virtual threads and the Vert.x event loops.</b> Nothing else
 * in the streaming package hops threads; everything on the edge side runs on the event loop of its connection and
 * never blocks it, everything on the stream side may block.
 *
 * <ul>
 *   <li>hub → event loop: {@link #waker} turns "a message was published" (on the output's thread) into a pump of the
 *       connection on its own loop. Wake-ups are coalesced per event loop: a publish reaching 10,000 idle
 *       subscribers queues 10,000 cheap entries but submits one task per event loop, not one per connection.</li>
 *   <li>stream thread → event loop: {@link #onLoop} (e.g. an acknowledgement answering the POST that produced it).</li>
 *   <li>event loop → stream thread: {@link Inbox} (a request handed to an input's {@code read()}), and
 *       {@link #offload} for calls that may block (a rate-limit resource), whose result comes back on the loop.</li>
 * </ul>
 */
public final class LoopBridge {

    private final ConcurrentHashMap<Context, LoopQueue> loops = new ConcurrentHashMap<>();

    /**
     * A callback for the hub: may be called from any thread, any number of times; runs {@code pump} on
     * {@code context} soon after, at most once per burst of calls.
     */
    public Runnable waker(Context context, Runnable pump) {
        LoopQueue loop = loops.computeIfAbsent(context, LoopQueue::new);
        Pending pending = new Pending(pump);
        return () -> loop.enqueue(pending);
    }

    private static final class Pending {
        final Runnable pump;
        final AtomicBoolean queued = new AtomicBoolean();

        Pending(Runnable pump) {
            this.pump = pump;
        }
    }

    private static final class LoopQueue {
        final Context context;
        final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        LoopQueue(Context context) {
            this.context = context;
        }

        void enqueue(Pending p) {
            if (!p.queued.compareAndSet(false, true)) return;
            pending.add(p);
            if (scheduled.compareAndSet(false, true)) context.runOnContext(v -> drain());
        }

        void drain() {
            scheduled.set(false);
            Pending p;
            while ((p = pending.poll()) != null) {
                p.queued.set(false);
                try {
                    p.pump.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(LoopBridge.class).warn("stream delivery failed: {}", e.toString(), e);
                }
            }
        }
    }

    /**
     * Calls {@code handler} on {@code context} when {@code future} completes: right away when it already has and we
     * are on that loop (the common case of a host answering synchronously), else through the loop's task queue.
     */
    public static <T> void whenComplete(Context context, Future<T> future, Handler<AsyncResult<T>> handler) {
        if (future.isComplete() && Vertx.currentContext() == context) {
            handler.handle(future);
        } else {
            future.onComplete(ar -> context.runOnContext(v -> handler.handle(ar)));
        }
    }

    /** Runs {@code task} on the event loop of {@code context}; callable from any thread. */
    public static void onLoop(Context context, Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** Runs blocking {@code work} on a virtual thread; the future completes on {@code context}. */
    public static <T> Future<T> offload(Context context, Callable<T> work) {
        return Future.fromCompletionStage(Offload.run("sluice-stream-offload", work, task -> onLoop(context, task)));
    }

    /**
     * Items handed from event loops to one stream thread: {@link #offer} never blocks (a full inbox refuses),
     * {@link #take} blocks the stream thread until an item arrives.
     */
    public static final class Inbox<T> {
        private final BlockingQueue<T> queue;

        public Inbox(int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        /** From an event loop: false when full. */
        public boolean offer(T item) {
            return queue.offer(item);
        }

        /** From the stream thread. */
        public T take() throws InterruptedException {
            return queue.take();
        }

        public T poll(long timeout, TimeUnit unit) throws InterruptedException {
            return queue.poll(timeout, unit);
        }

        /** Removes and returns whatever is waiting (at shutdown). */
        public List<T> drain() {
            List<T> out = new ArrayList<>();
            queue.drainTo(out);
            return out;
        }
    }
}
