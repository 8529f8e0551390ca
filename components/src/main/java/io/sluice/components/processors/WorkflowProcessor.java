package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.component.Resources.ResourceNotFoundException;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Runs a set of named {@code branch} processors in tiers: the branches of a tier run concurrently,
 * each on its own copy of the batch, and their results are mapped back before the next tier starts.
 */
final class WorkflowProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("workflow")
            .categories("Composition")
            .summary("Runs named `branch` processors, at the same time where they do not depend on each other.")
            .description("""
                    Three lookups that each wait 100 ms on a service cost 300 ms one after the other and 100 ms side by side. \
                    A workflow runs its branches in tiers: the branches of a tier run concurrently, each on its own copy of \
                    the batch, and their results are merged before the next tier starts.

                    Set the tiers yourself with `order: [ [ A ], [ B, C ], [ D ] ]`, or leave `order` empty and let the \
                    mappings decide: a branch whose `request_map` reads a field that another branch's `result_map` writes \
                    runs after it. A branch whose `request_map` yields `deleted()` is skipped for that message.

                    With `meta_path` set, each message records at that path which branches `succeeded`, were `skipped` or \
                    `failed` (with the error). A message that comes back with that record, e.g. after a replay, runs only the \
                    branches that did not succeed or skip; the old record moves under `previous`. An `apply` array in the \
                    record limits the run to the branches it names. With `meta_path` empty, a branch failure flags the message \
                    with the error instead.

                    A `branch` declared as a processor resource joins the workflow when `order` or `branch_resources` names it.""")
            .fields(
                    FieldSpec.string("meta_path").defaultValue("meta.workflow")
                            .description("The dot path, inside the message, of the record of which branches ran. Empty: no record."),
                    FieldSpec.any("order").defaultValue(List.of())
                            .description("Tiers of branch names, run one tier after another; the branches of one tier run concurrently. A name is a key of "
                                    + "`branches` or the label of a `branch` processor resource. Empty: the order follows from the mappings.")
                            .example(List.of(List.of("price", "stock"), List.of("quote")), List.of(List.of("user"), List.of("orders"), List.of("score"))),
                    FieldSpec.stringList("branch_resources").defaultValue(List.of()).advanced().references(ComponentKind.PROCESSOR)
                            .description("Labels of `branch` processor resources to run with the inline branches, ordered from their mappings. "
                                    + "Resources named in `order` need not be listed here."),
                    FieldSpec.object("branches", BranchProcessor.FIELDS).map().defaultValue(Map.of())
                            .description("The branches, by name (letters, digits, `_` and `-`). Each has the fields of the `branch` processor."))
            .example("Order worked out from the mappings", "`price` and `stock` ask two services at the same time; "
                    + "`quote` reads what both wrote, so it runs after them.", """
                    pipeline:
                      processors:
                        - workflow:
                            meta_path: meta.workflow
                            branches:
                              price:
                                request_map: 'root.sku = this.sku'
                                processors:
                                  - http:
                                      url: http://pricing.internal:9000/price
                                      verb: POST
                                result_map: 'root.price = this.amount'
                              stock:
                                request_map: 'root.sku = this.sku'
                                processors:
                                  - http:
                                      url: http://inventory.internal:9000/stock
                                      verb: POST
                                result_map: 'root.in_stock = this.available > 0'
                              quote:
                                request_map: |
                                  root.price = this.price
                                  root.in_stock = this.in_stock
                                processors:
                                  - http:
                                      url: http://quotes.internal:9000/quote
                                      verb: POST
                                result_map: 'root.quote = this'
                    """);

    private static final Pattern BRANCH_NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    private final List<String> metaPath;                 // empty: no structured metadata
    private final List<List<String>> tiers;
    private final Map<String, BranchProcessor> branches;
    private final Set<String> inline;                    // branches this workflow owns (and closes)

    WorkflowProcessor(List<String> metaPath, List<List<String>> tiers, Map<String, BranchProcessor> branches, Set<String> inline) {
        this.metaPath = List.copyOf(metaPath);
        this.tiers = tiers.stream().map(List::copyOf).toList();
        this.branches = Map.copyOf(branches);
        this.inline = Set.copyOf(inline);
    }

    static Processor create(Conf conf, ComponentContext ctx) throws Exception {
        Map<String, BranchProcessor> branches = new LinkedHashMap<>();
        Set<String> inline = new HashSet<>();
        for (Map.Entry<String, Conf> e : conf.child("branches").entries().entrySet()) {
            String name = e.getKey();
            if (!BRANCH_NAME.matcher(name).matches()) {
                throw e.getValue().invalid("workflow branch name '" + name + "' contains invalid characters");
            }
            branches.put(name, BranchProcessor.fromConf(e.getValue(), ctx));
            inline.add(name);
        }
        for (String name : conf.stringList("branch_resources")) {
            if (branches.containsKey(name)) {
                throw conf.invalid("branch_resources", "branch resource name '" + name + "' collides with an explicit branch");
            }
            branches.put(name, resourceBranch(conf.child("branch_resources"), name, ctx));
        }
        List<List<String>> order = parseOrder(conf.child("order"));
        for (List<String> tier : order) {
            for (String name : tier) {
                if (!branches.containsKey(name)) branches.put(name, resourceBranch(conf.child("order"), name, ctx));
            }
        }
        List<List<String>> tiers;
        if (!order.isEmpty()) {
            verifyOrder(conf.child("order"), order, branches.keySet());
            tiers = order;
        } else {
            tiers = resolveTiers(conf, branches);
            ctx.log().info("automatically resolved workflow DAG: {}", tiers);
        }
        String metaPath = conf.string("meta_path");
        return new WorkflowProcessor(metaPath.isEmpty() ? List.of() : List.of(metaPath.split("\\.")), tiers, branches, inline);
    }

    private static BranchProcessor resourceBranch(Conf at, String name, ComponentContext ctx) throws ConfigException {
        Processor p;
        try {
            p = ctx.resources().processor(name);
        } catch (ResourceNotFoundException e) {
            throw at.invalid(e.getMessage());
        }
        if (p instanceof BranchProcessor b) return b;
        throw at.invalid("processor resource '" + name + "' is not a branch processor");
    }

    private static List<List<String>> parseOrder(Conf order) throws ConfigException {
        Object v = order.value();
        if (v == null) return List.of();
        if (!(v instanceof List<?> outer)) throw order.invalid("expected an array of arrays of branch names");
        List<List<String>> out = new ArrayList<>();
        for (Object tier : outer) {
            if (!(tier instanceof List<?> inner)) throw order.invalid("expected an array of arrays of branch names");
            List<String> names = new ArrayList<>();
            for (Object name : inner) {
                if (!(name instanceof String s)) throw order.invalid("expected branch names (strings), got " + name);
                names.add(s);
            }
            out.add(names);
        }
        return out;
    }

    private static void verifyOrder(Conf at, List<List<String>> order, Set<String> all) throws ConfigException {
        Set<String> remaining = new TreeSet<>(all);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).isEmpty()) throw at.invalid("explicit order tier '" + i + "' was empty");
            for (String name : order.get(i)) {
                if (!seen.add(name)) throw at.invalid("branch specified in order listed multiple times: " + name);
                remaining.remove(name);
            }
        }
        if (!remaining.isEmpty()) throw at.invalid("the following branches were missing from order: " + remaining);
    }

    /** Layers the branches so that each runs after the branches whose results its request map reads. */
    static List<List<String>> resolveTiers(Conf at, Map<String, BranchProcessor> branches) throws ConfigException {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (Map.Entry<String, BranchProcessor> e : branches.entrySet()) {
            Set<String> d = new TreeSet<>();
            for (MappingTargets.Target wanted : e.getValue().targetsUsed()) {
                for (Map.Entry<String, BranchProcessor> other : branches.entrySet()) {
                    if (other.getKey().equals(e.getKey())) continue;
                    for (MappingTargets.Target provided : other.getValue().targetsProvided()) {
                        if (wanted.dependsOn(provided)) d.add(other.getKey());
                    }
                }
            }
            deps.put(e.getKey(), d);
        }
        List<List<String>> tiers = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (done.size() < deps.size()) {
            List<String> tier = new ArrayList<>();
            for (Map.Entry<String, Set<String>> e : deps.entrySet()) {
                if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) tier.add(e.getKey());
            }
            if (tier.isEmpty()) {
                Set<String> stuck = new TreeSet<>(deps.keySet());
                stuck.removeAll(done);
                throw at.invalid("failed to automatically resolve DAG, circular dependencies detected for branches: " + stuck);
            }
            tiers.add(tier);
            done.addAll(tier);
        }
        return tiers;
    }

    List<List<String>> tiers() {
        return tiers;
    }

    /** Which branches ran how for one message; every branch of the workflow counts as succeeded until told otherwise. */
    private static final class Record {
        final Set<String> succeeded = new TreeSet<>();
        final Set<String> skipped = new TreeSet<>();
        final Map<String, String> failed = new TreeMap<>();

        Record(List<List<String>> tiers) {
            for (List<String> tier : tiers) succeeded.addAll(tier);
        }

        void skipped(String id) {
            succeeded.remove(id);
            skipped.add(id);
        }

        void failed(String id, Throwable why) {
            succeeded.remove(id);
            skipped.remove(id);
            failed.put(id, ProcessingFailure.describe(why));
        }

        Map<String, Object> toObject() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!succeeded.isEmpty()) m.put("succeeded", new ArrayList<Object>(succeeded));
            if (!skipped.isEmpty()) m.put("skipped", new ArrayList<Object>(skipped));
            if (!failed.isEmpty()) m.put("failed", new LinkedHashMap<String, Object>(failed));
            return m;
        }
    }

    @Override
    public List<Batch> process(Batch batch) throws InterruptedException {
        int n = batch.size();
        List<Set<String>> skip = new ArrayList<>(n);
        Record[] records = new Record[n];
        for (int i = 0; i < n; i++) {
            skip.add(skipFromMeta(batch.get(i)));
            records[i] = new Record(tiers);
        }
        for (List<String> tier : tiers) {
            List<VirtualThreadFanOut.Task<BranchProcessor.Outcome>> tasks = new ArrayList<>(tier.size());
            for (String id : tier) {
                BranchProcessor branch = branches.get(id);
                boolean[] mask = new boolean[n];
                for (int i = 0; i < n; i++) mask[i] = skip.get(i).contains(id);
                // Each branch reads its own copy: parts parse lazily and are not safe to share between threads.
                Batch reference = batch.copy();
                tasks.add(() -> branch.createResult(reference, mask));
            }
            List<BranchProcessor.Outcome> outcomes = VirtualThreadFanOut.runAll(tasks, 0);
            for (int t = 0; t < tier.size(); t++) {
                String id = tier.get(t);
                BranchProcessor.Outcome o = outcomes.get(t);
                for (int i = 0; i < n; i++) {
                    if (o.errors()[i] != null) records[i].failed(id, o.errors()[i]);
                    else if (o.results()[i] == null && o.batchError() == null) records[i].skipped(id);
                }
                if (o.batchError() != null) {
                    for (Record r : records) r.failed(id, o.batchError());
                    continue;
                }
                Throwable[] failed = branches.get(id).overlay(batch, o.results());
                for (int i = 0; i < n; i++) if (failed[i] != null) records[i].failed(id, failed[i]);
            }
        }
        for (int i = 0; i < n; i++) finish(batch.get(i), records[i]);
        return List.of(batch);
    }

    private void finish(Part part, Record record) {
        if (metaPath.isEmpty()) {
            if (!record.failed.isEmpty()) {
                part.setError(new ProcessingFailure("workflow branches failed: " + record.failed.keySet()));
            }
            return;
        }
        Object root;
        try {
            root = part.structured();
        } catch (MessageParseException e) {
            part.setError(new ProcessingFailure("failed to parse message for meta update: " + e.getMessage(), e));
            return;
        }
        if (root == null) root = new LinkedHashMap<String, Object>();
        if (!(root instanceof Map<?, ?>)) return;
        Map<String, Object> current = record.toObject();
        Object previous = at(root, metaPath);
        if (previous != null) current.put("previous", previous);
        part.setStructured(put(root, metaPath, current));
    }

    /** Branches to skip for a message, from the structured metadata it already carries. */
    private Set<String> skipFromMeta(Part part) {
        if (metaPath.isEmpty()) return Set.of();
        Object root;
        try {
            root = part.structured();
        } catch (MessageParseException e) {
            return Set.of();
        }
        Object meta = at(root, metaPath);
        if (!(meta instanceof Map<?, ?> m)) return Set.of();
        Set<String> skip = new HashSet<>();
        if (m.get("apply") instanceof List<?> apply && !apply.isEmpty()) {
            skip.addAll(branches.keySet());
            for (Object id : apply) if (id instanceof String s) skip.remove(s);
        }
        for (String key : List.of("succeeded", "skipped")) {
            if (m.get(key) instanceof List<?> ids) {
                for (Object id : ids) if (id instanceof String s && branches.containsKey(s)) skip.add(s);
            }
        }
        return skip;
    }

    private static Object at(Object root, List<String> path) {
        Object v = root;
        for (String key : path) {
            if (!(v instanceof Map<?, ?> m)) return null;
            v = m.get(key);
        }
        return v;
    }

    /** Sets {@code value} at {@code path} inside {@code root}, creating (or replacing non-object) parents. */
    @SuppressWarnings("unchecked")
    private static Object put(Object root, List<String> path, Object value) {
        Map<String, Object> m = (Map<String, Object>) root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object next = m.get(path.get(i));
            if (!(next instanceof Map<?, ?>)) {
                next = new LinkedHashMap<String, Object>();
                m.put(path.get(i), next);
            }
            m = (Map<String, Object>) next;
        }
        m.put(path.get(path.size() - 1), value);
        return root;
    }

    @Override
    public void close() {
        for (String name : inline) branches.get(name).close();
    }
}
