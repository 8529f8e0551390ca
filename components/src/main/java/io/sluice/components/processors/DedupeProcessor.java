package io.sluice.components.processors;

import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.List;

/** Drops messages whose key was already added to a cache. */
final class DedupeProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("dedupe")
            .categories("Utility")
            .summary("Deduplicates messages by storing a key value in a cache using the `add` operator. If the key already exists within the cache it is dropped.")
            .description("""
                    The cache must be declared as a resource. Each message's key is added to the cache; a message whose \
                    key is already there is dropped (and acknowledged). To deduplicate whole batches instead, use the \
                    `cache` processor within a `branch`.

                    Deduplicating with a shared cache weakens at-least-once delivery: a key stays cached even when its \
                    message later fails at the output, so a redelivered copy is dropped. Prefer idempotent consumers \
                    where every message matters.""")
            .fields(
                    FieldSpec.string("cache").references(ComponentKind.CACHE)
                            .description("The `cache` resource to target with this processor."),
                    FieldSpec.string("key").interpolated()
                            .description("An interpolated string yielding the key to deduplicate by for each message.")
                            .example("${! meta(\"kafka_key\") }", "${! content().hash(\"xxhash64\") }"),
                    FieldSpec.bool("drop_on_err").defaultValue(true)
                            .description("Whether messages should be dropped when the cache returns a general error such as a network issue. When false they pass on, flagged with the error."))
            .example("Deduplicate based on Kafka key", "Drops messages whose Kafka key was seen in the last minute.", """
                    pipeline:
                      processors:
                        - dedupe:
                            cache: keycache
                            key: ${! meta("kafka_key") }

                    cache_resources:
                      - label: keycache
                        memory:
                          default_ttl: 60s
                    """);

    private static final byte[] MARKER = {'t'};

    private final Cache cache;
    private final Interpolation key;
    private final boolean dropOnError;
    private final ComponentContext ctx;

    DedupeProcessor(Cache cache, Interpolation key, boolean dropOnError, ComponentContext ctx) {
        this.cache = cache;
        this.key = key;
        this.dropOnError = dropOnError;
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws ConfigException {
        if (conf.string("key").isEmpty()) {
            throw new ConfigException(conf.child("key").position(), conf.child("key").path(), "dedupe key must not be empty");
        }
        Interpolation key = conf.interpolation("key");
        return new DedupeProcessor(ResourceLookup.cache(conf, "cache", ctx), key, conf.bool("drop_on_err"), ctx);
    }

    @Override
    public List<Batch> process(Batch batch) {
        Batch out = new Batch();
        for (int i = 0; i < batch.size(); i++) {
            Part part = batch.get(i);
            try {
                if (cache.add(key.render(batch, i), MARKER, null)) out.add(part);
            } catch (Exception e) {
                ctx.log().error("cache error: {}", ProcessingFailure.describe(e));
                if (!dropOnError) {
                    part.setError(new ProcessingFailure(ProcessingFailure.describe(e), e));
                    out.add(part);
                }
            }
        }
        return out.isEmpty() ? List.of() : List.of(out);
    }
}
