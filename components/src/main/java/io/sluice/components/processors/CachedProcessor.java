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
            .summary("Remembers what its processors made of a message, under a key; the next message with that key gets the stored result instead of running them.")
            .description("""
                    For slow or costly processors, such as an HTTP lookup: `key` decides which messages share a result, `ttl` \
                    how long it is reused. On a hit the message keeps its own metadata and takes the stored content, one \
                    message per stored result message. Only contents are stored: metadata the processors set is not.

                    A failed result is stored too, as its content without the error, and later hits do not see that it \
                    failed: set `skip_on: errored()` to keep failures out of the cache.

                    Results are kept in a small versioned binary layout (version, message count, then each message's length \
                    and bytes), the layout the dialect's other implementations use, so they can share a cache. Entries \
                    written by anything else cannot be read, and a message that hits one is flagged with an error.""")
            .fields(
                    FieldSpec.string("cache").references(ComponentKind.CACHE)
                            .description("The label of the cache resource that holds the results."),
                    FieldSpec.bloblang("skip_on").optional()
                            .description("A query run on the processors' result; when it is true the result is not stored. If the query itself fails, nothing is stored either.")
                            .example("errored()"),
                    FieldSpec.string("key").interpolated()
                            .description("The key of each message's result: a hit returns the stored result, a miss runs the processors and stores what they return.")
                            .example("exchange-rates", "${! this.customer_id }", "geo:${! this.ip }"),
                    FieldSpec.string("ttl").interpolated().optional()
                            .description("How long a stored result stays, as a duration. Unset: the cache's own default. A cache without per-item TTLs ignores it."),
                    FieldSpec.processors("processors")
                            .description("The processors whose result is stored."))
            .example("Exchange rates, fetched once an hour", "Every message gets the current rates; the rates service is asked at "
                    + "most once an hour, whatever the message rate.", """
                    pipeline:
                      processors:
                        - branch:
                            request_map: 'root = ""'
                            processors:
                              - cached:
                                  cache: rates
                                  key: exchange-rates
                                  ttl: 1h
                                  skip_on: errored()
                                  processors:
                                    - http:
                                        url: http://rates.internal:8000/latest
                                        verb: GET
                            result_map: 'root.rates = this'
                    cache_resources:
                      - label: rates
                        memory: {}
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
            throw new ProcessingFailure("cannot read the cached result (was it written by a cached processor?): data ended unexpectedly");
        } catch (ProcessingFailure e) {
            throw new ProcessingFailure("cannot read the cached result (was it written by a cached processor?): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        children.close();
    }
}
