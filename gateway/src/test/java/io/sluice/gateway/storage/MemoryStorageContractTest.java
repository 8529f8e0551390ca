package io.sluice.gateway.storage;

import java.util.concurrent.atomic.AtomicLong;

/** The contract on the memory storage, with a clock the tests move instead of sleeping. */
class MemoryStorageContractTest extends StorageContractTest {
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    @Override
    protected GatewayStorage createStorage() {
        return new MemoryStorage(clock::get);
    }

    @Override
    protected void elapse(long millis) {
        clock.addAndGet(millis);
    }

    @Override
    protected long now() {
        return clock.get();
    }
}
