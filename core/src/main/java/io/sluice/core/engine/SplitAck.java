package io.sluice.core.engine;

import io.sluice.core.component.Transaction;
import io.sluice.core.message.Batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When one transaction becomes several batches (a split, a switch with fan-out), the source is
 * acknowledged once all of them succeeded, or rejected as soon as one failed.
 */
public final class SplitAck {
    private SplitAck() {
    }

    public static List<Transaction> split(Transaction parent, List<Batch> batches) {
        if (batches.isEmpty()) {
            parent.ack();
            return List.of();
        }
        if (batches.size() == 1) {
            return List.of(new Transaction(batches.get(0), parent::settle));
        }
        AtomicInteger remaining = new AtomicInteger(batches.size());
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        List<Transaction> out = new ArrayList<>(batches.size());
        for (Batch b : batches) {
            out.add(new Transaction(b, err -> {
                if (err != null) {
                    firstError.compareAndSet(null, err);
                    parent.nack(err);
                } else if (remaining.decrementAndGet() == 0 && firstError.get() == null) {
                    parent.ack();
                }
            }));
        }
        return out;
    }
}
