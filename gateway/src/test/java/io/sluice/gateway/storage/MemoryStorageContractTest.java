package io.sluice.gateway.storage;

class MemoryStorageContractTest extends StorageContractTest {
    @Override
    protected GatewayStorage createStorage() {
        return new MemoryStorage();
    }
}
