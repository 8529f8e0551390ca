package io.sluice.connectors.redis;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the Redis inputs, outputs, processor, cache and rate limit. */
public final class RedisComponents implements ComponentProvider {
    @Override
    public void register(ComponentRegistry r) {
        r.register(RedisStreamsInput.spec(), RedisStreamsInput::new);
        r.register(RedisStreamsOutput.spec(), RedisStreamsOutput::new);
        r.register(RedisListInput.spec(), RedisListInput::new);
        r.register(RedisListOutput.spec(), RedisListOutput::new);
        r.register(RedisPubSubInput.spec(), RedisPubSubInput::new);
        r.register(RedisPubSubOutput.spec(), RedisPubSubOutput::new);
        r.register(RedisProcessor.spec(), RedisProcessor::new);
        r.register(RedisCache.spec(), RedisCache::new);
        r.register(RedisRateLimit.spec(), RedisRateLimit::new);
    }
}
