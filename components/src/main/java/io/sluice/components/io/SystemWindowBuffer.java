package io.sluice.components.io;

import io.sluice.bloblang.lib.Timestamp;
import io.sluice.core.component.Buffer;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code system_window} buffer: gathers messages into windows of wall-clock time and hands each
 * window to the pipeline as one batch once the clock has passed its end (plus the allowed lateness).
 *
 * <p>A window is the half-open interval {@code (end - size, end]}; ends lie on a grid of {@code slide}
 * (or {@code size} for tumbling windows) counted from the Unix epoch plus {@code offset}, so one-hour
 * windows end on the hour in UTC. A message's own transaction is settled when the first window that
 * holds it was delivered (or when it is dropped as too late), never before: the buffer keeps
 * at-least-once delivery.
 */
public final class SystemWindowBuffer implements Buffer {

    public static final ComponentSpec SPEC = ComponentSpec.buffer("system_window")
            .categories("Windowing")
            .summary("Groups messages into tumbling or sliding windows of wall-clock time and passes each window on as one batch.")
            .description("Each message gets a time from `timestamp_mapping`: by default the moment it arrives (processing time); a mapping "
                    + "that reads a field of the message gives event time instead. A window covers the times after its start up to and "
                    + "including its end. Windows are laid out on the UTC clock from midnight, so `size: 1h` ends windows on the hour; "
                    + "`offset` shifts that grid. The first window after a start may therefore be shorter than `size`.\n\n"
                    + "A window is passed on once the clock is past its end plus `allowed_lateness`; windows without messages are skipped. "
                    + "Every message of a window gets the metadata `window_end_timestamp`, the end of its window in RFC 3339, which "
                    + "makes a handy key for aggregations (see `group_by_value` and the Bloblang method `from_all`).\n\n"
                    + "With `slide`, windows overlap: a new one starts every `slide` and lasts `size`, so one message can be in several "
                    + "windows. Its acknowledgement follows its first window; later copies are delivered on a best-effort basis.\n\n"
                    + "Messages are acknowledged to the input only when the window holding them was delivered. A message whose windows "
                    + "were all passed on already is dropped (and acknowledged) with a log line, as is one whose timestamp mapping fails. "
                    + "When the output falls behind by more than one window, the older windows are dropped so that memory stays bounded "
                    + "to about two windows of messages. When the input ends, windows already complete are delivered and the messages "
                    + "of windows still open are rejected, so that a source that redelivers gives them again on the next start.")
            .fields(FieldSpec.bloblang("timestamp_mapping").defaultValue("root = now()")
                            .description("A mapping whose `root` is the message's time: a timestamp, an RFC 3339 / ISO 8601 string, or "
                                    + "a number of seconds since the Unix epoch (fractions allowed).")
                            .example("root = this.created_at", "root = meta(\"kafka_timestamp_unix\").number()"),
                    FieldSpec.duration("size").description("How long each window lasts.").example("30s", "10m", "1h"),
                    FieldSpec.duration("slide").defaultValue("")
                            .description("For sliding windows: how far apart window starts are. Must be less than `size`. Empty: tumbling "
                                    + "windows, each starting where the last ended.").example("30s", "5m"),
                    FieldSpec.duration("offset").defaultValue("")
                            .description("Shifts the grid of windows away from midnight UTC, e.g. `-5h` for windows that follow a day "
                                    + "in New York. Must be less than `size` (and than `slide` when it is set).").example("30m", "-6h"),
                    FieldSpec.duration("allowed_lateness").defaultValue("")
                            .description("How long to wait past a window's end before passing it on, so that messages with event "
                                    + "times that arrive a little late still count. Must be less than `size`.").example("10s", "1m"))
            .example("Orders per shop and minute",
                    "Order events carry their own time; each minute every shop gets one summary with the number of orders and their "
                            + "total. Late events are still counted for five seconds after the minute ends.", """
                    input:
                      generate:
                        interval: 200ms
                        mapping: |
                          root = {"shop": ["north", "south"].index(random_int(max: 1)), "amount": random_int(min: 1, max: 90), "at": now()}
                    buffer:
                      system_window:
                        timestamp_mapping: root = this.at
                        size: 1m
                        allowed_lateness: 5s
                    pipeline:
                      processors:
                        - group_by_value:
                            value: '${! this.shop }'
                        - mapping: |
                            root = if batch_index() == 0 {
                              {"shop": this.shop, "minute_end": @window_end_timestamp,
                               "orders": batch_size(), "total": json("amount").from_all().sum()}
                            } else { deleted() }
                    output:
                      stdout: {}
                    """);

    /** A message waiting for its window(s), with the piece of its transaction it settles. */
    private static final class Held {
        final Instant ts;
        final Part part;
        final Piece piece;

        Held(Instant ts, Part part, Piece piece) {
            this.ts = ts;
            this.part = part;
            this.piece = piece;
        }
    }

    /** One message's share of an input transaction: the transaction is acked when all its pieces are, and nacked on the first failure. */
    private static final class Piece {
        final Transaction tx;
        final AtomicInteger left;
        private boolean done;

        Piece(Transaction tx, AtomicInteger left) {
            this.tx = tx;
            this.left = left;
        }

        synchronized void settle(Throwable err) {
            if (done) return;
            done = true;
            if (err != null) tx.nack(err);
            else if (left.decrementAndGet() == 0) tx.ack();
        }
    }

    private final Mapping timestampMapping;
    private final long size;
    private final long step;
    private final long offset;
    private final long lateness;
    private final Clock clock;
    private final ComponentLog log;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Held> pending = new ArrayList<>();
    /** End (epoch nanos) of the last window passed on; no window ending at or before it is passed on again. */
    private long lastFlushedEnd;
    private boolean ended;

    SystemWindowBuffer(Mapping timestampMapping, Duration size, Duration slide, Duration offset, Duration lateness, Clock clock, ComponentLog log) {
        this.timestampMapping = timestampMapping;
        this.size = size.toNanos();
        this.step = slide.isZero() ? this.size : slide.toNanos();
        this.offset = offset.toNanos();
        this.lateness = lateness.toNanos();
        this.clock = clock;
        this.log = log;
        // Windows that ended before the start are not passed on; the one that ended last still is, if late messages fill it.
        this.lastFlushedEnd = latestEndAtOrBefore(nanos(clock.instant())) - step;
    }

    public static SystemWindowBuffer create(Conf conf, ComponentContext ctx) throws ConfigException {
        Duration size = conf.duration("size");
        Duration slide = conf.duration("slide");
        Duration offset = conf.duration("offset");
        Duration lateness = conf.duration("allowed_lateness");
        if (size.isNegative() || size.isZero()) throw invalid(conf, "size", "size must be a positive duration, such as 30s");
        if (slide.isNegative()) throw invalid(conf, "slide", "slide must not be negative");
        if (slide.compareTo(size) >= 0) throw invalid(conf, "slide", "slide (" + slide + ") must be less than size (" + size + ")");
        if (offset.abs().compareTo(size) >= 0) throw invalid(conf, "offset", "offset must be less than size");
        if (!slide.isZero() && offset.abs().compareTo(slide) >= 0) throw invalid(conf, "offset", "offset must be less than slide");
        if (lateness.isNegative() || lateness.compareTo(size) >= 0) throw invalid(conf, "allowed_lateness", "allowed_lateness must be at least 0 and less than size");
        return new SystemWindowBuffer(conf.mapping("timestamp_mapping"), size, slide, offset, lateness, Clock.systemUTC(), ctx.log());
    }

    private static ConfigException invalid(Conf conf, String field, String message) {
        Conf c = conf.child(field);
        return c.invalid(message);
    }

    @Override
    public void write(Transaction tx) throws InterruptedException {
        Batch batch = tx.batch();
        AtomicInteger left = new AtomicInteger(batch.size());
        List<Piece> dropped = new ArrayList<>();
        lock.lockInterruptibly();
        try {
            dropStale(nanos(clock.instant()));
            // Timestamps are taken under the lock: with processing time (now()), a message read just before a window
            // ends must not meet a reader that flushed that window in between, or it would count as late.
            long firstOpenStart = lastFlushedEnd + step - size;
            for (int i = 0; i < batch.size(); i++) {
                Piece piece = new Piece(tx, left);
                Instant ts;
                try {
                    ts = timestampOf(timestampMapping.query(batch, i));
                } catch (Exception e) {
                    log.error("message dropped: timestamp mapping failed: {}", e.getMessage());
                    dropped.add(piece);
                    continue;
                }
                if (nanos(ts) <= firstOpenStart) {
                    log.debug("message dropped: its windows were passed on already (timestamp {})", ts);
                    dropped.add(piece);
                } else {
                    pending.add(new Held(ts, batch.get(i), piece));
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (batch.isEmpty()) tx.ack();
        for (Piece p : dropped) p.settle(null);
    }

    @Override
    public Transaction read() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = nanos(clock.instant());
                Transaction window = nextWindow(now);
                if (window != null) return window;
                if (ended) {
                    // Windows still open are incomplete: reject their messages so that the source can give them again.
                    IllegalStateException closed = new IllegalStateException("the input ended before the window holding the message closed");
                    List<Held> left = new ArrayList<>(pending);
                    pending.clear();
                    lock.unlock();
                    try {
                        for (Held h : left) h.piece.settle(closed);
                    } finally {
                        lock.lock();
                    }
                    return null;
                }
                long due = lastFlushedEnd + step + lateness - now;
                changed.awaitNanos(Math.max(1, due));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next complete window with messages in it, as a transaction; null when none is complete yet. Caller holds the lock. */
    private Transaction nextWindow(long now) {
        while (true) {
            long end = lastFlushedEnd + step;
            if (end + lateness > now) return null;
            if (pending.isEmpty()) {
                // Nothing waits: skip straight to the latest complete window instead of walking through empty ones.
                lastFlushedEnd = Math.max(end, latestEndAtOrBefore(now - lateness));
                return null;
            }
            long start = end - size;
            long nextStart = end + step - size;
            String endText = Instant.ofEpochSecond(0, 0).plusNanos(end).toString();
            List<Part> parts = new ArrayList<>();
            List<Piece> pieces = new ArrayList<>();
            List<Piece> expired = new ArrayList<>();
            for (Iterator<Held> it = pending.iterator(); it.hasNext(); ) {
                Held h = it.next();
                long ts = nanos(h.ts);
                boolean inWindow = ts > start && ts <= end;
                if (inWindow) {
                    Part copy = h.part.copy();
                    copy.setMeta("window_end_timestamp", endText);
                    parts.add(copy);
                    pieces.add(h.piece);
                }
                if (ts <= nextStart) {
                    it.remove();
                    if (!inWindow) expired.add(h.piece);
                }
            }
            lastFlushedEnd = end;
            for (Piece p : expired) p.settle(null);
            if (!parts.isEmpty()) {
                return new Transaction(new Batch(parts), err -> {
                    for (Piece p : pieces) p.settle(err);
                });
            }
        }
    }

    /**
     * When the reader fell behind by more than one window, drops messages older than the window before the current one
     * (acknowledged: a deliberate drop), so that a stalled output cannot make the buffer grow without bound.
     */
    private void dropStale(long now) {
        long current = latestEndAtOrBefore(now);
        if (lastFlushedEnd >= current - step) return;
        long keepAfter = current - size; // what the window that ended last, or a later one, holds stays
        List<Piece> dropped = new ArrayList<>();
        for (Iterator<Held> it = pending.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (nanos(h.ts) <= keepAfter) {
                it.remove();
                dropped.add(h.piece);
            }
        }
        if (!dropped.isEmpty()) {
            log.warn("dropped {} messages of windows the output did not take in time", dropped.size());
            lastFlushedEnd = Math.max(lastFlushedEnd, current - step);
            for (Piece p : dropped) p.settle(null);
        }
    }

    @Override
    public void endOfInput() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The latest window end on the grid at or before {@code t} (epoch nanos). */
    private long latestEndAtOrBefore(long t) {
        long base = offset + size; // an end on the grid
        return base + Math.floorDiv(t - base, step) * step;
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** A timestamp mapping's result as an instant: a timestamp, an ISO 8601 string, or seconds since the epoch. */
    static Instant timestampOf(Object v) {
        if (v instanceof Timestamp t) return t.instant();
        if (v instanceof Instant i) return i;
        if (v instanceof TemporalAccessor ta) return Instant.from(ta);
        if (v instanceof Number n) {
            BigDecimal secs = new BigDecimal(n.toString());
            BigDecimal whole = new BigDecimal(secs.toBigInteger());
            return Instant.ofEpochSecond(whole.longValueExact(), secs.subtract(whole).movePointRight(9).longValue());
        }
        if (v instanceof String s) {
            try {
                return OffsetDateTime.parse(s.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + s + "' is not an RFC 3339 timestamp such as 2024-05-01T12:00:00Z");
            }
        }
        if (v instanceof byte[] b) return timestampOf(new String(b, StandardCharsets.UTF_8));
        throw new IllegalArgumentException("expected a timestamp, a string or a number of seconds, got " + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    /** For tests: the next complete window without waiting, or null. */
    Transaction poll() {
        lock.lock();
        try {
            return nextWindow(nanos(clock.instant()));
        } finally {
            lock.unlock();
        }
    }
}
