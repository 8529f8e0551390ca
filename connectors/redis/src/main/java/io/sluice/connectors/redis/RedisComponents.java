package io.sluice.connectors.redis;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the Redis inputs, outputs, processor, cache and rate limit. */
public final class RedisComponents implements ComponentProvider {
    @Override
    public void register(ComponentRegistry r) {
        r.register(RedisStreamsInput.SPEC, RedisStreamsInput::create);
        r.register(RedisStreamsOutput.SPEC, RedisStreamsOutput::create);
        r.register(RedisListInput.SPEC, RedisListInput::create);
        r.register(RedisListOutput.SPEC, RedisListOutput::create);
        r.register(RedisPubSubInput.SPEC, RedisPubSubInput::create);
        r.register(RedisPubSubOutput.SPEC, RedisPubSubOutput::create);
        r.register(RedisProcessor.SPEC, RedisProcessor::create);
        r.register(RedisCache.SPEC, RedisCache::create);
        r.register(RedisRateLimit.SPEC, RedisRateLimit::create);
    }
}
