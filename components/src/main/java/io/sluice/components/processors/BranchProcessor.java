package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps each message to a request, runs processors on the requests, and maps the results back into
 * the original messages. Also the building block of {@code workflow}.
 */
final class BranchProcessor implements Processor {
    static final FieldSpec[] FIELDS = {
            FieldSpec.bloblang("request_map").defaultValue("")
                    .description("Builds the request the branch's processors work on from the message. Empty: the request is a copy of the message, metadata included. "
                            + "A root of `deleted()` skips the branch for that message.")
                    .example("root.sku = this.order.sku",
                            "root = if this.country == \"DE\" { this.address } else { deleted() }"),
            FieldSpec.processors("processors")
                    .description("The processors run on the requests. They must give back one result per request, in order: do not filter, split or "
                            + "group inside a branch, or the results cannot be matched to their messages."),
            FieldSpec.bloblang("result_map").defaultValue("")
                    .description("Writes the branch's result into the original message: `this` is the result, `root` the message as it stands. "
                            + "Empty: the message is left as it was, metadata included.")
                    .example("root.stock = this.available",
                            "meta http_status = metadata(\"http_status_code\")\nroot.price = this.price",
                            "root.lookup_raw = content().string()")
    };

    static final ComponentSpec SPEC = ComponentSpec.processor("branch")
            .categories("Composition")
            .summary("Runs processors on a request built from each message, then merges their result back into the message.")
            .description("""
                    Use it around a processor that would replace the message, such as an HTTP call or a cache lookup, when you \
                    want to keep the message and add the answer to it: `request_map` builds the request, `processors` turn it \
                    into a result, `result_map` writes the result into the message.

                    Metadata set on the request or by the processors stays in the branch unless `result_map` copies it: all of \
                    it with `meta = metadata()`, or key by key with `meta status = metadata("http_status_code")`.

                    Errors: when `request_map` fails, the processors skip that message; when a processor flags it, \
                    `result_map` skips it; when `result_map` fails, the message stays as it was. In each case the message \
                    leaves with the error, ready for `catch`, `try` or `errored()`. An error the message already had is not \
                    passed into the branch.""")
            .fields(FIELDS)
            .example("Add the stock level to an order", "Asks an inventory service about the order's SKU and stores its answer "
                    + "under `stock`; the order keeps every other field.", """
                    pipeline:
                      processors:
                        - branch:
                            request_map: 'root.sku = this.sku'
                            processors:
                              - http:
                                  url: http://inventory.internal:9000/stock
                                  verb: POST
                            result_map: 'root.stock = this.available'
                    """)
            .example("Cache premium profiles", "Stores the profile of premium customers in a cache, keyed by customer id. "
                    + "Other messages skip the branch; every message goes on unchanged.", """
                    pipeline:
                      processors:
                        - branch:
                            request_map: |
                              meta customer = this.customer_id
                              root = if this.tier == "premium" { this.profile } else { deleted() }
                            processors:
                              - cache:
                                  resource: profiles
                                  operator: set
                                  key: ${! @customer }
                                  value: ${! content() }
                    cache_resources:
                      - label: profiles
                        memory:
                          default_ttl: 1h
                    """);

    /**
     * What the request half of a branch made of a batch: the results aligned with the batch (null where
     * a message was skipped or failed), the per-message errors, and an error for the whole batch.
     */
    record Outcome(Part[] results, Throwable[] errors, Throwable batchError) {
    }

    private final Mapping requestMap;          // null: the request is a copy of the message
    private final ChildProcessors children;
    private final ResultMapping resultMap;     // null: the message is left unchanged
    private final MappingTargets requestTargets;
    private final ComponentContext ctx;

    BranchProcessor(Mapping requestMap, String requestSource, ChildProcessors children, ResultMapping resultMap,
                    ComponentContext ctx) {
        this.requestMap = requestMap;
        this.children = children;
        this.resultMap = resultMap;
        this.requestTargets = requestMap == null ? MappingTargets.NONE : MappingTargets.scan(requestSource);
        this.ctx = ctx;
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        return fromConf(conf, ctx);
    }

    /** Builds a branch from an object with the {@link #FIELDS} (a {@code branch} config or a workflow's branch). */
    static BranchProcessor fromConf(Conf conf, ComponentContext ctx) throws Exception {
        ChildProcessors children = ChildProcessors.fromField(conf, "processors");
        if (children.isEmpty()) {
            throw new ConfigException(conf.position(), conf.path() + ".processors", "the branch processor requires at least one child processor");
        }
        String request = conf.string("request_map");
        String result = conf.string("result_map");
        Mapping requestMap = request.isBlank() ? null : conf.mapping("request_map");
        ResultMapping resultMap = result.isBlank() ? null : new ResultMapping(conf.mapping("result_map"), result);
        return new BranchProcessor(requestMap, request, children, resultMap, ctx);
    }

    /** What the request map reads from the message (the paths other workflow branches may have to provide first). */
    MappingTargets.Target[] targetsUsed() {
        return requestTargets.reads().toArray(MappingTargets.Target[]::new);
    }

    /** What the result map writes into the message. */
    MappingTargets.Target[] targetsProvided() {
        return resultMap == null ? new MappingTargets.Target[0] : resultMap.targets().assigns().toArray(MappingTargets.Target[]::new);
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        Outcome outcome = createResult(batch, null);
        if (outcome.batchError() != null) {
            for (Part p : batch) p.setError(outcome.batchError());
            flag(batch, outcome.errors());
            return List.of(batch);
        }
        flag(batch, outcome.errors());
        flag(batch, overlay(batch, outcome.results()));
        return List.of(batch);
    }

    private static void flag(Batch batch, Throwable[] errors) {
        for (int i = 0; i < errors.length; i++) if (errors[i] != null) batch.get(i).setError(errors[i]);
    }

    /**
     * Builds a request for each message that is not skipped, runs the processors on the requests, and
     * lines the results up with the batch. Reads {@code batch} and never changes it.
     *
     * @param skip messages to leave out (a workflow's already-done branches); null for none
     */
    Outcome createResult(Batch batch, boolean[] skip) throws InterruptedException {
        int n = batch.size();
        Part[] results = new Part[n];
        Throwable[] errors = new Throwable[n];
        List<Integer> sent = new ArrayList<>(n);
        Batch requests = new Batch();
        for (int i = 0; i < n; i++) {
            if (skip != null && skip[i]) continue;
            Part request;
            if (requestMap == null) {
                request = batch.get(i).copy();
            } else {
                try {
                    request = requestMap.map(batch, i);
                } catch (MappingException | MessageParseException e) {
                    ctx.log().debug("failed to map request {}: {}", i, e.getMessage());
                    errors[i] = new ProcessingFailure("request mapping failed: " + e.getMessage(), e);
                    continue;
                }
                if (request == null) continue; // deleted(): skip this message
                // A request map that never assigns the document starts from an empty one, not from the origin's.
                if (!requestTargets.assignsDocument()) request.setBytes(new byte[0]);
            }
            request.clearError();
            requests.add(request);
            sent.add(i);
        }
        if (requests.isEmpty()) return new Outcome(results, errors, null);

        List<Part> out = ChildProcessors.flatten(children.apply(requests));
        if (out.isEmpty()) {
            ctx.log().error("child processors resulted in zero messages");
            return new Outcome(results, errors, new ProcessingFailure("child processors resulted in zero messages"));
        }
        if (out.size() != requests.size()) {
            String msg = "message count from branch processors does not match request, started with " + requests.size()
                    + " messages, finished with " + out.size();
            ctx.log().error("{}. Avoid processors that filter, split or group messages within a branch; apply them before or after it.", msg);
            return new Outcome(results, errors, new ProcessingFailure(msg));
        }
        for (int j = 0; j < out.size(); j++) {
            int i = sent.get(j);
            Part result = out.get(j);
            if (result.hasError()) {
                errors[i] = new ProcessingFailure("processors failed: " + result.errorMessage(), result.error());
            } else {
                results[i] = result;
            }
        }
        return new Outcome(results, errors, null);
    }

    /**
     * Maps each result onto its message of {@code batch} (in place). Returns the per-message errors of
     * the result map; a message whose result map failed is left unchanged.
     */
    Throwable[] overlay(Batch batch, Part[] results) {
        Throwable[] errors = new Throwable[results.length];
        if (resultMap == null) return errors;
        Batch aligned = new Batch();
        for (Part r : results) aligned.add(r != null ? r : new Part(new byte[0]));
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) continue;
            try {
                resultMap.applyOnto(batch.get(i), aligned, i);
            } catch (MappingException e) {
                ctx.log().debug("failed to map result {}: {}", i, e.getMessage());
                errors[i] = new ProcessingFailure("result mapping failed: " + e.getMessage(), e);
            }
        }
        return errors;
    }

    @Override
    public void close() {
        children.close();
    }

    /** Blocks only where one of its processors may. */
    @Override
    public boolean mayBlock() {
        return children.mayBlock();
    }
}
