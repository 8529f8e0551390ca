package io.sluice.components.processors;

import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.component.Processor;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.Durations;
import io.sluice.core.spec.FieldSpec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Caches what a list of processors makes of a message, by an interpolated key: on a hit the cached
 * result replaces the message and the processors are skipped.
 */
final class CachedProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("cached")
            .categories("Utility")
            .summary("Cache the result of applying one or more processors to messages identified by a key. If the key already exists within the cache the contents of the message will be replaced with the cached result instead of applying the processors.")
            .description("""
                    Useful when an expensive set of processors (an HTTP enrichment, say) need only run now and then: the \
                    key decides which messages share a result, and `ttl` how long it is reused. On a hit the message keeps \
                    its metadata and takes the cached content (one message per cached result message).

                    Results are stored in a small versioned binary layout (version, message count, then each message's \
                    length and bytes), the same as the original implementation's, so a shared cache can be used by both. \
                    A cache filled by anything else cannot be read.""")
            .fields(
                    FieldSpec.string("cache").references(ComponentKind.CACHE)
                            .description("The cache resource to read and write processor results from."),
                    FieldSpec.bloblang("skip_on").optional()
                            .description("A condition that can be used to skip caching the results from the processors.")
                            .example("errored()"),
                    FieldSpec.string("key").interpolated()
                            .description("A key to be resolved for each message: if it exists in the cache the cached result is used, otherwise the processors are applied and their result is cached under it.")
                            .example("my_foo_result", "${! this.document.id }", "${! meta(\"kafka_key\") }"),
                    FieldSpec.string("ttl").interpolated().optional()
                            .description("An optional expiry period to set for each cache entry. Some caches only have a general TTL and will therefore ignore this setting."),
                    FieldSpec.processors("processors")
                            .description("The list of processors whose result will be cached."))
            .example("Periodic global enrichment", "Fetch shared data at most every ten minutes and merge it into every message.", """
                    pipeline:
                      processors:
                        - branch:
                            request_map: 'root = ""'
                            processors:
                              - cached:
                                  key: static_foo
                                  cache: foo_cache
                                  ttl: 10m
                                  processors:
                                    - http:
                                        url: http://example.com/get/foo.json
                                        verb: GET
                            result_map: 'root.foo = this'
                    """);

    private static final int FORMAT_VERSION = 1;

    private final Cache cache;
    private final Interpolation key;
    private final Interpolation ttl;        // null when not configured
    private final Mapping skipOn;           // null when not configured
    private final ChildProcessors children;

    CachedProcessor(Cache cache, Interpolation key, Interpolation ttl, Mapping skipOn, ChildProcessors children, ComponentContext ctx) {
        super(ctx);
        this.cache = cache;
        this.key = key;
        this.ttl = ttl;
        this.skipOn = skipOn;
        this.children = children;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        Cache cache = ResourceLookup.cache(conf, "cache", ctx);
        Interpolation ttl = conf.isSet("ttl") ? conf.interpolation("ttl") : null;
        Mapping skipOn = conf.isSet("skip_on") && !conf.string("skip_on").isBlank() ? conf.mapping("skip_on") : null;
        return new CachedProcessor(cache, conf.interpolation("key"), ttl, skipOn, ChildProcessors.fromField(conf, "processors"), ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        String k = key.render(batch, index);
        Duration expiry = ttl(batch, index);
        Optional<byte[]> hit = cache.get(k);
        if (hit.isPresent()) return decode(part, hit.get());

        List<Batch> results = children.apply(Batch.of(part));
        List<Part> flat = ChildProcessors.flatten(results);
        if (shouldCache(results)) {
            try {
                cache.set(k, encode(flat), expiry);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                ctx.log().error("failed to write result to cache: {}", ProcessingFailure.describe(e));
            }
        }
        return flat;
    }

    private Duration ttl(Batch batch, int index) throws ProcessingFailure {
        if (ttl == null) return null;
        try {
            return Durations.parse(ttl.render(batch, index));
        } catch (IllegalArgumentException e) {
            throw new ProcessingFailure("failed to parse ttl expression: " + e.getMessage());
        }
    }

    /** False when any result batch matches {@code skip_on}, or the check itself fails (caching is skipped as a precaution). */
    private boolean shouldCache(List<Batch> results) {
        if (skipOn == null) return true;
        for (Batch b : results) {
            try {
                if (skipOn.check(b, 0)) return false;
            } catch (MappingException | MessageParseException e) {
                ctx.log().error("skip_on check failed: {}, caching will be skipped as a precaution", e.getMessage());
                return false;
            }
        }
        return true;
    }

    static byte[] encode(List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).putInt(FORMAT_VERSION).putInt(parts.size()).array());
        for (Part p : parts) {
            byte[] bytes = p.bytes();
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Each cached message becomes a copy of {@code origin} (metadata kept) with the cached bytes. */
    static List<Part> decode(Part origin, byte[] data) throws ProcessingFailure {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            int version = in.getInt();
            if (version != FORMAT_VERSION) throw new ProcessingFailure("invalid format version: " + version);
            int count = in.getInt();
            List<Part> out = new ArrayList<>(Math.max(0, Math.min(count, 1024)));
            for (int i = 0; i < count; i++) {
                int size = in.getInt();
                if (size < 0 || size > in.remaining()) {
                    throw new ProcessingFailure("failed to extract message " + i + ": input data ended unexpectedly");
                }
                byte[] bytes = new byte[size];
                in.get(bytes);
                Part p = origin.copy();
                p.setBytes(bytes);
                out.add(p);
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new ProcessingFailure("failed to parse cached result, this indicates the data was not set by this processor: data ended unexpectedly");
        } catch (ProcessingFailure e) {
            throw new ProcessingFailure("failed to parse cached result, this indicates the data was not set by this processor: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        children.close();
    }
}
