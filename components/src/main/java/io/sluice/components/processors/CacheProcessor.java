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
            .summary("Runs one cache operation per message: store, read, check or delete a key.")
            .description("""
                    `key`, `value` and `ttl` are worked out for each message.

                    - `set` stores `value` under `key`, over any earlier value.
                    - `add` stores it only when `key` is free; a taken key flags the message with a "key already exists" \
                    error, for `catch` or `errored()` to act on.
                    - `get` replaces the message with the stored value. A missing key flags the message with an error: \
                    wrap the processor in `branch` to keep the message and add the value to it.
                    - `delete` removes `key`; a missing key is fine.
                    - `exists` replaces the message with `true` or `false`.

                    To store what other processors make of a message, use `cached`.""")
            .fields(
                    FieldSpec.string("resource").references(ComponentKind.CACHE)
                            .description("The label of the cache resource to use."),
                    FieldSpec.string("operator").options("set", "add", "get", "delete", "exists")
                            .description("What to do with the key."),
                    FieldSpec.string("key").interpolated()
                            .description("The key, interpolated per message."),
                    FieldSpec.string("value").interpolated().optional()
                            .description("What `set` and `add` store, interpolated per message."),
                    FieldSpec.string("ttl").interpolated().optional().advanced()
                            .description("How long `set` and `add` keep the item, as a duration. Unset: the cache's default. A cache without per-item TTLs ignores it.")
                            .example("30s", "12h", "${! @ttl }"))
            .example("Only the first order of each customer", "`add` fails for a customer already in the cache; the "
                    + "mapping then drops that message.", """
                    pipeline:
                      processors:
                        - cache:
                            resource: customers_seen
                            operator: add
                            key: '${! this.customer_id }'
                            value: '${! this.order_id }'
                        - mapping: root = if errored() { deleted() }
                    cache_resources:
                      - label: customers_seen
                        memory:
                          default_ttl: 24h
                    """)
            .example("Add a stored profile", "Reads the profile stored under the message's user id and adds it to the message; "
                    + "the rest of the message stays as it was.", """
                    pipeline:
                      processors:
                        - branch:
                            processors:
                              - cache:
                                  resource: profiles
                                  operator: get
                                  key: 'user:${! this.user_id }'
                            result_map: 'root.profile = this'
                    cache_resources:
                      - label: profiles
                        redis:
                          url: redis://127.0.0.1:6379
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
