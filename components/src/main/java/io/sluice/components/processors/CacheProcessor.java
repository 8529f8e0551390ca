package io.sluice.components.processors;

import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.Durations;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Performs one cache operation per message: set, add, get, delete or exists. */
final class CacheProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("cache")
            .categories("Integration")
            .summary("Performs operations against a cache resource for each message, allowing you to store or retrieve data within message payloads.")
            .description("""
                    The `key`, `value` and `ttl` fields are interpolated for each message. To cache the result of other \
                    processors use the `cached` processor instead.

                    Operators:
                    - `set`: store the value under the key, replacing any previous value.
                    - `add`: store the value only if the key is absent; otherwise the message is flagged with a \
                    "key already exists" error, which error handling can act upon.
                    - `get`: replace the message content with the cached value; a missing key flags the message with an error.
                    - `delete`: remove the key; deleting a missing key is not an error.
                    - `exists`: replace the message content with `true` or `false`.""")
            .fields(
                    FieldSpec.string("resource").references(ComponentKind.CACHE)
                            .description("The `cache` resource to target with this processor."),
                    FieldSpec.string("operator").options("set", "add", "get", "delete", "exists")
                            .description("The operation to perform with the cache."),
                    FieldSpec.string("key").interpolated()
                            .description("A key to use with the cache."),
                    FieldSpec.string("value").interpolated().optional()
                            .description("A value to use with the cache (when applicable)."),
                    FieldSpec.string("ttl").interpolated().optional().advanced()
                            .description("The time to live of each item as a duration string. Caches without per-key TTLs use their general setting.")
                            .example("60s", "5m", "36h"))
            .example("Deduplication", "The `add` operator fails on keys already present; a mapping then drops those messages.", """
                    pipeline:
                      processors:
                        - cache:
                            resource: foocache
                            operator: add
                            key: '${! json("message.id") }'
                            value: "storeme"
                        - mapping: root = if errored() { deleted() }
                    """)
            .example("Hydration", "Enrich messages with a document stored earlier, keeping the original content.", """
                    pipeline:
                      processors:
                        - branch:
                            processors:
                              - cache:
                                  resource: foocache
                                  operator: get
                                  key: '${! json("message.document_id") }'
                            result_map: 'root.message.document = this'
                    """);

    enum Operator { SET, ADD, GET, DELETE, EXISTS }

    private final Cache cache;
    private final Operator operator;
    private final Interpolation key;
    private final Interpolation value;
    private final Interpolation ttl;      // null when not configured

    CacheProcessor(Cache cache, Operator operator, Interpolation key, Interpolation value, Interpolation ttl, ComponentContext ctx) {
        super(ctx);
        this.cache = cache;
        this.operator = operator;
        this.key = key;
        this.value = value;
        this.ttl = ttl;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws ConfigException {
        Operator op = Operator.valueOf(conf.string("operator").toUpperCase(Locale.ROOT));
        Interpolation ttl = conf.isSet("ttl") ? conf.interpolation("ttl") : null;
        return new CacheProcessor(ResourceLookup.cache(conf, "resource", ctx), op, conf.interpolation("key"),
                conf.interpolation("value"), ttl, ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        String k = key.render(batch, index);
        switch (operator) {
            case SET -> run(k, () -> cache.set(k, value.renderBytes(batch, index), ttl(batch, index)));
            case ADD -> {
                boolean added;
                try {
                    added = cache.add(k, value.renderBytes(batch, index), ttl(batch, index));
                } catch (ProcessingFailure e) {
                    throw e;
                } catch (Exception e) {
                    throw operatorFailed(k, e);
                }
                if (!added) throw new ProcessingFailure("key already exists: " + k);
            }
            case GET -> {
                Optional<byte[]> found;
                try {
                    found = cache.get(k);
                } catch (Exception e) {
                    throw operatorFailed(k, e);
                }
                part.setBytes(found.orElseThrow(() -> new ProcessingFailure("operator failed for key '" + k + "': key does not exist")));
            }
            case DELETE -> run(k, () -> cache.delete(k));
            case EXISTS -> {
                boolean exists;
                try {
                    exists = cache.get(k).isPresent();
                } catch (Exception e) {
                    exists = false;
                }
                part.setStructured(exists);
            }
        }
        return List.of(part);
    }

    private Duration ttl(Batch batch, int index) throws ProcessingFailure {
        if (ttl == null) return null;
        String text = ttl.render(batch, index);
        if (text.isEmpty()) return null;
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ProcessingFailure("ttl must be a duration: " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface CacheCall {
        void run() throws Exception;
    }

    private static void run(String key, CacheCall call) throws ProcessingFailure {
        try {
            call.run();
        } catch (ProcessingFailure e) {
            throw e;
        } catch (Exception e) {
            throw operatorFailed(key, e);
        }
    }

    private static ProcessingFailure operatorFailed(String key, Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        return new ProcessingFailure("operator failed for key '" + key + "': " + ProcessingFailure.describe(e), e);
    }
}
