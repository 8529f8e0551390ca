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
            .summary("Drops a message whose key is already in a cache, and adds the key of every other message.")
            .description("""
                    The key is added with the cache's `add` operation, which succeeds only for a new key; a message whose \
                    key is taken is dropped and acknowledged. How long a key counts as seen is the cache's TTL.

                    Mind at-least-once delivery: the key is stored before the message reaches the output. If the output \
                    then fails and the input delivers the message again, the second copy is taken for a duplicate and \
                    dropped. Where no message may be lost, wrap the output in `retry` so that a failed write is repeated \
                    there rather than redelivered, or make the consumer idempotent instead.""")
            .fields(
                    FieldSpec.string("cache").references(ComponentKind.CACHE)
                            .description("The label of the cache resource that holds the keys seen."),
                    FieldSpec.string("key").interpolated()
                            .description("What makes two messages duplicates, e.g. an id field or a hash of the content. Must not be empty.")
                            .example("${! this.event_id }", "${! content().hash(\"sha256\").encode(\"hex\") }"),
                    FieldSpec.bool("drop_on_err").defaultValue(true)
                            .description("Drop the message when the cache fails (e.g. Redis is unreachable). False: the message goes on, flagged with the error."))
            .example("One copy per event id within ten minutes", "Webhook senders retry; the second delivery of an event "
                    + "within ten minutes is dropped.", """
                    pipeline:
                      processors:
                        - dedupe:
                            cache: seen_events
                            key: ${! this.event_id }

                    cache_resources:
                      - label: seen_events
                        memory:
                          default_ttl: 10m
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
            throw conf.invalid("key", "dedupe key must not be empty");
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
