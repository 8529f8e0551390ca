package io.sluice.components.io;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.RateLimit;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The {@code local} rate limit: at most {@code count} accesses (and, when {@code byte_size} is set,
 * at most that many bytes) per {@code interval}, in fixed windows that start with the first access
 * after the previous window ended.
 */
public final class LocalRateLimit implements RateLimit {

    public static final ComponentSpec SPEC = ComponentSpec.rateLimit("local")
            .summary("At most `count` accesses per `interval`, counted in this process.")
            .description("Every component that names this resource draws from the same budget. The count lives in memory: two "
                    + "processes, or two gateway nodes, each allow the full `count`. Use the `redis` rate limit to share one budget between them.")
            .fields(FieldSpec.integer("count").defaultValue(1000).min(1, "count must be larger than zero")
                            .description("How many accesses one window allows."),
                    FieldSpec.duration("interval").defaultValue("1s").description("The length of a window. A window starts with the first access after the previous one ended."),
                    FieldSpec.integer("byte_size").defaultValue(0).min(0, "byte_size must not be negative").advanced()
                            .description("Also allow at most this many bytes per window; 0: no byte limit. "
                                    + "Only components that tell the rate limit how big each message is are counted against it."));

    private final int count;
    private final long byteSize;
    private final long periodNanos;
    private final LongSupplier clock;
    private int tokens;
    private long bytes;
    private long windowStart;

    LocalRateLimit(int count, Duration interval, long byteSize, LongSupplier clock) {
        this.count = count;
        this.byteSize = byteSize;
        this.periodNanos = interval.toNanos();
        this.clock = clock;
        this.tokens = count;
        this.bytes = byteSize;
        this.windowStart = clock.getAsLong();
    }

    public static RateLimit create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new LocalRateLimit(conf.integer("count"), conf.duration("interval"), conf.longValue("byte_size"), System::nanoTime);
    }

    @Override
    public Duration access() {
        return access(0);
    }

    /** Accounts one access of {@code size} bytes; returns zero to proceed, else how long to wait before asking again. */
    public synchronized Duration access(long size) {
        long now = clock.getAsLong();
        boolean windowOver = now - windowStart >= periodNanos;
        boolean countLeft = tokens > 0;
        boolean bytesLeft = byteSize <= 0 || bytes > 0;
        if (!countLeft || !bytesLeft) {
            if (!windowOver) return Duration.ofNanos(periodNanos - (now - windowStart));
            tokens = count;
            bytes = byteSize;
            windowStart = now;
        }
        tokens--;
        if (byteSize > 0) bytes -= size;
        return Duration.ZERO;
    }

    /** Accounts one access for a batch, counting its bytes when {@code byte_size} is set. */
    public Duration access(Batch batch) {
        return access(byteSize > 0 ? batch.byteSize() : 0);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
