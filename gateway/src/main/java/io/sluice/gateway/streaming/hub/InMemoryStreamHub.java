package io.sluice.gateway.streaming.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link StreamHub} in the memory of one process.
 *
 * <h2>Broadcast</h2>
 * Messages go into one ring shared by all subscribers; a subscriber is only a cursor (the id of the last message it
 * took), so its "buffer" costs no memory of its own: 10,000 subscribers lagging 1,000 messages each hold one ring, not
 * ten million copies. The ring holds {@code max(retain, bufferSize)} messages. After each publish the publishing thread
 * checks every subscriber's lag (a few atomic reads): past {@code bufferSize} the drop-oldest policy moves the cursor
 * forward (counting what it skipped) and the disconnect policy ends the subscription. It then wakes only the
 * subscribers that were idle (their last poll found nothing); busy ones come back for more by themselves. Polls read
 * the ring without a lock and check each slot's id, so a slot overwritten under a reader is noticed, never misread.
 *
 * <h2>Shared</h2>
 * A queue of whole batches under a lock. Subscribers whose poll found nothing wait in line; each published batch wakes
 * the first in line, so a message wakes one consumer, not all of them. A full queue makes {@link #publish} wait.
 *
 * <h2>As the local ring of a cluster hub</h2>
 * {@link RedisStreamHub} feeds a broadcast ring with messages whose ids were given by Redis ({@link #appendNumbered}),
 * starting wherever the cluster's stream stands ({@link #restartAt}); ids a resuming subscriber names beyond the head
 * are then ids another node already delivered, so the subscriber waits for them instead of replaying the window
 * ({@code idsFromElsewhere}). While the node cannot reach Redis the ring is {@link #suspend suspended}: subscribers are
 * ended as {@link Subscription#unavailable() unavailable} and new ones are refused.
 */
public final class InMemoryStreamHub implements StreamHub {

    private final HubSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    private volatile String closedReason;
    /** Set while suspended: why subscribers are refused (the node lost its cluster store). */
    private volatile String unavailableReason;
    /** Id of the newest message; written under the lock after the ring slots, read without it. */
    private volatile long head;
    /** The lowest id this ring can hold: ids below it were never here (the ring started or restarted after them). */
    private volatile long floor = 1;
    /** True when ids come from a cluster: a resume id beyond the head is one that is still on its way here. */
    private final boolean idsFromElsewhere;

    // broadcast
    private final AtomicReferenceArray<HubMessage> ring;
    private final int capacity;
    private final Set<Sub> subscribers = ConcurrentHashMap.newKeySet();

    // shared (guarded by lock)
    private final ArrayDeque<List<HubMessage>> queue = new ArrayDeque<>();
    private int queuedMessages;
    private final ArrayDeque<Sub> waiting = new ArrayDeque<>();

    public InMemoryStreamHub(HubSettings settings) {
        this(settings, false);
    }

    InMemoryStreamHub(HubSettings settings, boolean idsFromElsewhere) {
        this.settings = settings;
        this.idsFromElsewhere = idsFromElsewhere;
        this.capacity = settings.mode() == DeliveryMode.BROADCAST ? Math.max(settings.retain(), settings.bufferSize()) : 0;
        this.ring = new AtomicReferenceArray<>(Math.max(1, capacity));
    }

    @Override
    public HubSettings settings() {
        return settings;
    }

    @Override
    public long lastId() {
        return head;
    }

    @Override
    public int subscriberCount() {
        return subscribers.size();
    }

    @Override
    public long droppedTotal() {
        return dropped.sum();
    }

    private int slot(long id) {
        return (int) (id % capacity);
    }

    // ---- publish ----

    @Override
    public long publish(List<HubMessage.Draft> batch) throws InterruptedException {
        if (batch.isEmpty()) return head;
        int n = batch.size();
        Sub toWake = null;
        long last;
        lock.lockInterruptibly();
        try {
            if (settings.mode() == DeliveryMode.SHARED) {
                // An oversized batch is let in when the queue is empty, else it could never be.
                while (!closed && queuedMessages > 0 && queuedMessages + n > settings.bufferSize()) notFull.await();
            }
            if (closed) throw new IllegalStateException("hub closed: " + closedReason);
            long first = head + 1;
            last = first + n - 1;
            List<HubMessage> messages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                HubMessage.Draft d = batch.get(i);
                messages.add(new HubMessage(first + i, d.body(), d.metadata(), d.event(), first, n));
            }
            if (settings.mode() == DeliveryMode.BROADCAST) {
                for (HubMessage m : messages) ring.set(slot(m.id()), m);
            } else {
                queue.addLast(messages);
                queuedMessages += n;
                toWake = nextWaiting(null);
            }
            head = last;
        } finally {
            lock.unlock();
        }
        if (settings.mode() == DeliveryMode.BROADCAST) {
            for (Sub s : subscribers) s.afterPublish(last);
        } else if (toWake != null) {
            toWake.onAvailable.run();
        }
        return last;
    }

    /** Shared: the first waiting subscriber other than {@code except}, removed from the line. Call under the lock. */
    private Sub nextWaiting(Sub except) {
        for (Iterator<Sub> it = waiting.iterator(); it.hasNext(); ) {
            Sub s = it.next();
            if (s == except) continue;
            it.remove();
            s.inLine = false;
            return s;
        }
        return null;
    }

    /**
     * Broadcast: appends messages that already carry their ids, which must continue the ring ({@code head + 1}, then
     * one more each). Returns false, appending nothing, when they do not.
     */
    boolean appendNumbered(List<HubMessage> messages) {
        if (messages.isEmpty()) return true;
        long last;
        lock.lock();
        try {
            if (closed) return true;
            long expected = head + 1;
            for (HubMessage m : messages) {
                if (m.id() != expected++) return false;
            }
            for (HubMessage m : messages) ring.set(slot(m.id()), m);
            head = last = messages.getLast().id();
        } finally {
            lock.unlock();
        }
        for (Sub s : subscribers) s.afterPublish(last);
        return true;
    }

    /**
     * Broadcast: empties the ring so that the next message is {@code lastId + 1}. Subscribers still attached are ended
     * with {@code reason} as unavailable (they resume elsewhere or later with their last id).
     */
    void restartAt(long lastId, String reason) {
        List<Sub> ended;
        lock.lock();
        try {
            for (int i = 0; i < ring.length(); i++) ring.set(i, null);
            head = lastId;
            floor = lastId + 1;
            ended = new ArrayList<>(subscribers);
            subscribers.clear();
        } finally {
            lock.unlock();
        }
        endUnavailable(ended, reason);
    }

    /** Ends every subscriber as unavailable with {@code reason} and refuses new ones until {@link #resume}. */
    void suspend(String reason) {
        List<Sub> ended;
        lock.lock();
        try {
            unavailableReason = reason;
            ended = new ArrayList<>(subscribers);
            subscribers.clear();
        } finally {
            lock.unlock();
        }
        endUnavailable(ended, reason);
    }

    /** Accepts subscribers again after {@link #suspend}. */
    void resume() {
        unavailableReason = null;
    }

    boolean suspended() {
        return unavailableReason != null;
    }

    private static void endUnavailable(List<Sub> subs, String reason) {
        for (Sub s : subs) {
            s.unavailable = true;
            s.end(reason, false);
            s.onAvailable.run();
        }
    }

    // ---- subscribe ----

    @Override
    public Subscription subscribe(Long resumeAfter, Runnable onAvailable) {
        Sub sub = new Sub(onAvailable);
        lock.lock();
        try {
            if (closed) {
                sub.end(closedReason, false);
                return sub;
            }
            if (unavailableReason != null) {
                sub.unavailable = true;
                sub.end(unavailableReason, false);
                return sub;
            }
            if (settings.mode() == DeliveryMode.BROADCAST) {
                long h = head;
                long start = h; // cursor: last id the subscriber has
                if (resumeAfter != null && idsFromElsewhere && resumeAfter > h) {
                    start = resumeAfter; // delivered by a node that is ahead of this one: wait for what follows it
                } else if (resumeAfter != null && settings.retain() > 0) {
                    long window = Math.min(settings.retain(), capacity);
                    long oldest = Math.max(floor, h - window + 1); // oldest retained id (when h >= floor)
                    if (resumeAfter > h) {
                        // An id this hub never issued: it comes from an earlier life of the stream. Replay what we have.
                        start = oldest - 1;
                    } else if (resumeAfter >= oldest - 1) {
                        start = resumeAfter;
                    } else {
                        start = oldest - 1;
                        sub.missed = oldest - 1 - resumeAfter;
                        sub.droppedCount.add(sub.missed);
                    }
                }
                sub.cursor.set(start);
            }
            subscribers.add(sub);
        } finally {
            lock.unlock();
        }
        return sub;
    }

    // ---- close ----

    @Override
    public void close(String reason) {
        List<Sub> all;
        lock.lock();
        try {
            if (closed) return;
            closedReason = reason;
            closed = true;
            notFull.signalAll();
            all = new ArrayList<>(subscribers);
            subscribers.clear();
            waiting.clear();
        } finally {
            lock.unlock();
        }
        for (Sub s : all) {
            s.end(reason, false);
            s.onAvailable.run();
        }
    }

    // ---- one subscriber ----

    private final class Sub implements Subscription {
        final Runnable onAvailable;
        /** Broadcast: id of the last message taken (or skipped). Shared: id of the last message taken. */
        final AtomicLong cursor = new AtomicLong();
        /** Broadcast: set when a poll found nothing, so the next publish wakes this subscriber. */
        final AtomicBoolean wantsWake = new AtomicBoolean(true);
        final LongAdder droppedCount = new LongAdder();
        final AtomicBoolean detached = new AtomicBoolean();
        volatile String closeReason;
        volatile boolean slow;
        volatile boolean unavailable;
        long missed;
        boolean inLine; // shared, guarded by lock

        Sub(Runnable onAvailable) {
            this.onAvailable = onAvailable;
        }

        void end(String reason, boolean slowConsumer) {
            if (closeReason == null) {
                slow = slowConsumer;
                closeReason = reason;
            }
        }

        /** Broadcast, on the publishing thread: apply the slow-consumer policy, then wake the subscriber if it was idle. */
        void afterPublish(long newHead) {
            if (closeReason != null) return;
            long lag = newHead - cursor.get();
            if (lag > settings.bufferSize()) {
                if (settings.slowConsumer() == SlowConsumerPolicy.DROP_OLDEST) {
                    skipTo(newHead - settings.bufferSize());
                } else {
                    overflow();
                    return;
                }
            }
            if (wantsWake.compareAndSet(true, false)) onAvailable.run();
        }

        private void skipTo(long target) {
            while (true) {
                long c = cursor.get();
                if (c >= target) return;
                if (cursor.compareAndSet(c, target)) {
                    droppedCount.add(target - c);
                    dropped.add(target - c);
                    return;
                }
            }
        }

        private void overflow() {
            end("slow consumer: more than " + settings.bufferSize() + " messages behind", true);
            subscribers.remove(this);
            onAvailable.run();
        }

        @Override
        public List<HubMessage> poll(int max) {
            if (max < 1 || closeReason != null) return List.of();
            return settings.mode() == DeliveryMode.BROADCAST ? pollBroadcast(max) : pollShared(max);
        }

        private List<HubMessage> pollBroadcast(int max) {
            while (true) {
                long c = cursor.get();
                long h = head;
                if (c >= h) {
                    wantsWake.set(true);
                    if (head > c) continue; // a publish slipped in between: take it now
                    return List.of();
                }
                long from = c + 1;
                if (h - c > capacity) {
                    // Slots were overwritten before the policy ran (a batch larger than the buffer): lost for us.
                    if (settings.slowConsumer() == SlowConsumerPolicy.DISCONNECT) {
                        overflow();
                        return List.of();
                    }
                    skipTo(h - capacity);
                    continue;
                }
                long upto = Math.min(h, from + max - 1);
                List<HubMessage> out = new ArrayList<>((int) (upto - from + 1));
                boolean torn = false;
                for (long id = from; id <= upto; id++) {
                    HubMessage m = ring.get(slot(id));
                    if (m == null || m.id() != id) {
                        torn = true;
                        break;
                    }
                    out.add(m);
                }
                if (torn) continue; // overwritten while we read: re-evaluate against the new head
                if (cursor.compareAndSet(c, upto)) return out;
                // the publisher skipped us forward meanwhile: try again from the new cursor
            }
        }

        private List<HubMessage> pollShared(int max) {
            lock.lock();
            try {
                if (closeReason != null) return List.of();
                if (queue.isEmpty()) {
                    if (!inLine) {
                        waiting.addLast(this);
                        inLine = true;
                    }
                    return List.of();
                }
                List<HubMessage> out = new ArrayList<>(queue.pollFirst());
                while (!queue.isEmpty() && out.size() + queue.peekFirst().size() <= max) out.addAll(queue.pollFirst());
                queuedMessages -= out.size();
                cursor.set(out.getLast().id());
                notFull.signalAll();
                return out;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void release(List<HubMessage> messages) {
            if (settings.mode() != DeliveryMode.SHARED || messages.isEmpty()) return;
            Sub toWake;
            lock.lock();
            try {
                if (closed) return;
                // Put the batches back at the front, in their original order.
                List<List<HubMessage>> batches = new ArrayList<>();
                List<HubMessage> current = null;
                for (HubMessage m : messages) {
                    if (current == null || current.getFirst().batchFirstId() != m.batchFirstId()) {
                        current = new ArrayList<>();
                        batches.add(current);
                    }
                    current.add(m);
                }
                for (int i = batches.size() - 1; i >= 0; i--) queue.addFirst(batches.get(i));
                queuedMessages += messages.size();
                toWake = nextWaiting(this);
            } finally {
                lock.unlock();
            }
            if (toWake != null) toWake.onAvailable.run();
        }

        @Override
        public long dropped() {
            return droppedCount.sum();
        }

        @Override
        public long missedOnResume() {
            return missed;
        }

        @Override
        public long lastTakenId() {
            return cursor.get();
        }

        @Override
        public String closeReason() {
            return closeReason;
        }

        @Override
        public boolean slowConsumer() {
            return slow;
        }

        @Override
        public boolean unavailable() {
            return unavailable;
        }

        @Override
        public void close() {
            if (!detached.compareAndSet(false, true)) return;
            end("unsubscribed", false);
            subscribers.remove(this);
            if (settings.mode() == DeliveryMode.SHARED) {
                Sub toWake = null;
                lock.lock();
                try {
                    if (inLine) {
                        waiting.remove(this);
                        inLine = false;
                    }
                    if (!queue.isEmpty()) toWake = nextWaiting(null);
                } finally {
                    lock.unlock();
                }
                if (toWake != null) toWake.onAvailable.run();
            }
        }
    }
}
