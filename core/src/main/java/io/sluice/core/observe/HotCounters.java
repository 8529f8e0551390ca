package io.sluice.core.observe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * A few counters on a component's message path, cheap for the common case where one thread runs the component (the
 * engine's inline path runs input, CPU-only processors and an instant output on the reader's thread).
 *
 * <p>The first thread that counts becomes the owner and adds to plain {@code long} slots that only it writes, published
 * with opaque stores: no atomic instruction, no fence (a plain store on x86 and ARM). Any other thread (a pipeline
 * with several threads, several output writers) adds to a {@code LongAdder} per slot instead. The registry reads
 * owner slot + adder when it exports; each part only grows and opaque reads of one variable are never older than an
 * earlier read, so the counter it sees is monotonic. Ownership never moves: the owner's slots are single-writer for
 * the life of the component, however threads come and go.
 */
final class HotCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(HotCounters.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] owned;
    private final LongAdder[] shared;
    @SuppressWarnings("unused") // through OWNER
    private volatile Thread owner;

    HotCounters(int slots) {
        owned = new long[slots];
        shared = new LongAdder[slots];
        for (int i = 0; i < slots; i++) shared[i] = new LongAdder();
    }

    /**
     * True when the calling thread owns the plain slots (claiming them if nobody has yet): it then calls
     * {@link #addOwned}; any other thread calls {@link #addShared}.
     */
    boolean owns() {
        Thread me = Thread.currentThread();
        Thread o = (Thread) OWNER.getAcquire(this);
        return o == me || (o == null && OWNER.compareAndSet(this, null, me));
    }

    /** Only from the owner thread: a plain read of its own slot and an opaque store. */
    void addOwned(int slot, long n) {
        SLOT.setOpaque(owned, slot, owned[slot] + n);
    }

    void addShared(int slot, long n) {
        shared[slot].add(n);
    }

    /** {@link #addOwned} when {@code owner} (what {@link #owns()} said on this thread), else {@link #addShared}. */
    void add(boolean owner, int slot, long n) {
        if (owner) addOwned(slot, n);
        else addShared(slot, n);
    }

    /** What the registry exports: safe from any thread, monotonic. */
    long sum(int slot) {
        return (long) SLOT.getOpaque(owned, slot) + shared[slot].sum();
    }
}
