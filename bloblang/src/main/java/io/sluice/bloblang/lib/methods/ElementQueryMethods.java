package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.query.Operators;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Methods of the "Object &amp; Array Manipulation" category that run a query on each element: mapping,
 * filtering, folding, testing, sorting and de-duplicating. Inputs are never modified: every method
 * that changes a structure works on a copy.
 */
public final class ElementQueryMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("map_each", Category.OBJECTS_AND_ARRAYS,
                        "Runs a query on every element of an array, or every entry of an object, and collects what it "
                                + "returns. For an object the query sees `{\"key\": ..., \"value\": ...}` and its result becomes the "
                                + "new value under the same key. Returning `deleted()` drops the element; `nothing()` keeps it as "
                                + "it was.")
                .param(Param.query("query", "The query to run, with the element as `this` or as the lambda parameter.", false))
                .example(Example.of("Add tax and drop missing prices.", "root.gross = this.net.map_each(p -> if p == null { deleted() } else { p * 1.2 })",
                        "{\"net\":[10,null,20]}", "{\"gross\":[12,24]}"))
                .example(Example.of("On an object the query sees each key and value.", "root.labels = this.stock.map_each(item -> \"%s: %d\".format(item.key, item.value))",
                        "{\"stock\":{\"apple\":3,\"pear\":0}}", "{\"labels\":{\"apple\":\"apple: 3\",\"pear\":\"pear: 0\"}}")),
                args -> {
                    Query q = args.query("query");
                    return (v, ctx) -> {
                        if (v instanceof List<?> l) {
                            List<Object> out = new ArrayList<>(l.size());
                            for (int i = 0; i < l.size(); i++) {
                                Object e = l.get(i);
                                Object r;
                                try {
                                    r = q.exec(ctx.withValue(e));
                                } catch (QueryException ex) {
                                    throw ex.prefixed("failed to process element " + i + ": ");
                                }
                                if (r == Marker.DELETED) continue;
                                out.add(r == Marker.NOTHING ? e : r);
                            }
                            return out;
                        }
                        if (v instanceof Map<?, ?> m) {
                            Map<String, Object> out = new LinkedHashMap<>();
                            for (Map.Entry<?, ?> en : m.entrySet()) {
                                Object r;
                                try {
                                    r = q.exec(ctx.withValue(keyValue(en.getKey(), en.getValue())));
                                } catch (QueryException ex) {
                                    throw ex.prefixed("failed to process element " + en.getKey() + ": ");
                                }
                                if (r == Marker.DELETED) continue;
                                out.put((String) en.getKey(), r == Marker.NOTHING ? en.getValue() : r);
                            }
                            return out;
                        }
                        throw Values.typeError(v, "object", "array");
                    };
                });

        lib.addValueMethod(MethodSpec.of("map_each_key", Category.OBJECTS_AND_ARRAYS,
                        "Renames the keys of an object with a query that gets each key and returns the new one, which "
                                + "must be text. Only the top level is renamed. `deleted()` drops the entry; when two keys end up "
                                + "the same, the later entry wins.")
                .param(Param.query("query", "The query that turns a key into its new name.", false))
                .example(Example.of("", "root.headers = this.headers.map_each_key(k -> k.lowercase())",
                        "{\"headers\":{\"Content-Type\":\"text/plain\",\"X-Request-Id\":\"42\"}}", "{\"headers\":{\"content-type\":\"text/plain\",\"x-request-id\":\"42\"}}")),
                args -> {
                    Query q = args.query("query");
                    return (v, ctx) -> {
                        Map<String, Object> m = Values.asObject(v);
                        Map<String, Object> out = new LinkedHashMap<>();
                        for (Map.Entry<String, Object> en : m.entrySet()) {
                            Object r;
                            try {
                                r = q.exec(ctx.withValue(en.getKey()));
                            } catch (QueryException ex) {
                                throw ex.prefixed("failed to process key " + en.getKey() + ": ");
                            }
                            if (r == Marker.DELETED) continue;
                            if (r == Marker.NOTHING) {
                                out.put(en.getKey(), en.getValue());
                            } else if (r instanceof String s) {
                                out.put(s, en.getValue());
                            } else {
                                throw new QueryException("unexpected result from key mapping: expected string value, got " + Values.typeName(r));
                            }
                        }
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("filter", Category.OBJECTS_AND_ARRAYS,
                        "Keeps the elements of an array, or the entries of an object, for which the test gives true; any "
                                + "other result drops them. For an object the test sees `{\"key\": ..., \"value\": ...}`.")
                .param(Param.query("test", "The test, with the element (or the key and value) as `this` or as the lambda parameter.", false))
                .example(Example.of("", "root.large = this.orders.filter(o -> o.total >= 100)",
                        "{\"orders\":[{\"id\":1,\"total\":250},{\"id\":2,\"total\":40}]}", "{\"large\":[{\"id\":1,\"total\":250}]}"))
                .example(Example.of("", "root.in_stock = this.stock.filter(item -> item.value > 0)",
                        "{\"stock\":{\"apple\":3,\"pear\":0}}", "{\"in_stock\":{\"apple\":3}}")),
                args -> {
                    Query q = args.query("test");
                    return (v, ctx) -> {
                        if (v instanceof List<?> l) {
                            List<Object> out = new ArrayList<>();
                            for (Object e : l) if (q.exec(ctx.withValue(e)) instanceof Boolean b && b) out.add(e);
                            return out;
                        }
                        if (v instanceof Map<?, ?> m) {
                            Map<String, Object> out = new LinkedHashMap<>();
                            for (Map.Entry<?, ?> en : m.entrySet()) {
                                if (q.exec(ctx.withValue(keyValue(en.getKey(), en.getValue()))) instanceof Boolean b && b) {
                                    out.put((String) en.getKey(), en.getValue());
                                }
                            }
                            return out;
                        }
                        throw Values.typeError(v, "array", "object");
                    };
                });

        lib.addValueMethod(MethodSpec.of("fold", Category.OBJECTS_AND_ARRAYS,
                        "Reduces an array to one value. The query runs once per element and sees `tally`, the result so "
                                + "far, and `value`, the element; what it returns becomes the next tally. An empty array gives "
                                + "`initial`.")
                .param(Param.any("initial", "The tally before the first element."))
                .param(Param.query("query", "The step, reading `tally` and `value`.", false))
                .example(Example.of("The total of an order.", "root.total = this.lines.fold(0, acc -> acc.tally + acc.value.price * acc.value.qty)",
                        "{\"lines\":[{\"price\":2.5,\"qty\":2},{\"price\":10,\"qty\":1}]}", "{\"total\":15}"))
                .example(Example.of("", "root.initials = this.names.fold(\"\", acc -> acc.tally + acc.value.slice(0, 1).uppercase())",
                        "{\"names\":[\"ada\",\"grace\",\"linus\"]}", "{\"initials\":\"AGL\"}")),
                args -> {
                    Object initial = args.get("initial");
                    Query q = args.query("query");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        Object tally = initial;
                        for (int i = 0; i < l.size(); i++) {
                            Map<String, Object> c = new LinkedHashMap<>(4);
                            c.put("tally", tally);
                            c.put("value", l.get(i));
                            try {
                                tally = q.exec(ctx.withValue(c));
                            } catch (QueryException e) {
                                throw e.prefixed("failed to process element " + i + ": ");
                            }
                        }
                        return tally;
                    };
                });

        lib.addValueMethod(MethodSpec.of("all", Category.OBJECTS_AND_ARRAYS,
                        "True when the test gives true for every element of an array. An empty array gives false, not "
                                + "true as in most languages. A result that is not a boolean is an error.")
                .param(Param.query("test", "The test to run on each element.", false))
                .example(Example.of("", "root.settled = this.invoices.all(i -> i.paid)",
                        "{\"invoices\":[{\"paid\":true},{\"paid\":false}]}", "{\"settled\":false}",
                        "{\"invoices\":[{\"paid\":true}]}", "{\"settled\":true}",
                        "{\"invoices\":[]}", "{\"settled\":false}")),
                args -> {
                    Query q = args.query("test");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        if (l.isEmpty()) return false;
                        for (int i = 0; i < l.size(); i++) {
                            if (!testElement(q, ctx, l.get(i), i)) return false;
                        }
                        return true;
                    };
                });

        lib.addValueMethod(MethodSpec.of("any", Category.OBJECTS_AND_ARRAYS,
                        "True when the test gives true for at least one element of an array; it stops at the first. An "
                                + "empty array gives false. A result that is not a boolean is an error.")
                .param(Param.query("test", "The test to run on each element.", false))
                .example(Example.of("", "root.has_return = this.lines.any(l -> l.qty < 0)",
                        "{\"lines\":[{\"qty\":2},{\"qty\":-1}]}", "{\"has_return\":true}")),
                args -> {
                    Query q = args.query("test");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        for (int i = 0; i < l.size(); i++) {
                            if (testElement(q, ctx, l.get(i), i)) return true;
                        }
                        return false;
                    };
                });

        lib.addValueMethod(MethodSpec.of("sort", Category.OBJECTS_AND_ARRAYS,
                        "Sorts an array of numbers, or of strings, in ascending order; a mix of the two is an error. "
                                + "Strings compare by code point, so upper case sorts before lower case. For other elements or "
                                + "another order, give a comparison.")
                .param(Param.query("compare", "A query that sees `left` and `right` and gives true when `left` belongs before `right`.", false).optional())
                .example(Example.of("", "root.names = this.names.sort()",
                        "{\"names\":[\"bob\",\"Alice\",\"carol\"]}", "{\"names\":[\"Alice\",\"bob\",\"carol\"]}"))
                .example(Example.of("Newest first.", "root.events = this.events.sort(pair -> pair.left.at > pair.right.at)",
                        "{\"events\":[{\"at\":\"2024-01-02\"},{\"at\":\"2024-03-01\"},{\"at\":\"2024-02-10\"}]}", "{\"events\":[{\"at\":\"2024-03-01\"},{\"at\":\"2024-02-10\"},{\"at\":\"2024-01-02\"}]}")),
                args -> {
                    Query cmp = args.has("compare") ? args.query("compare") : null;
                    return (v, ctx) -> {
                        List<Object> l = new ArrayList<>(Values.asArray(v));
                        if (cmp == null) {
                            checkSortable(l);
                            l.sort(ElementQueryMethods::compareSortable);
                            return l;
                        }
                        l.sort((a, b) -> {
                            Map<String, Object> c = new LinkedHashMap<>(4);
                            c.put("left", a);
                            c.put("right", b);
                            Object r = cmp.exec(ctx.withValue(c));
                            if (!(r instanceof Boolean less)) throw Values.typeError(r, "bool");
                            if (less) return -1;
                            c.put("left", b);
                            c.put("right", a);
                            Object r2 = cmp.exec(ctx.withValue(c));
                            return r2 instanceof Boolean l2 && l2 ? 1 : 0;
                        });
                        return l;
                    };
                });

        lib.addValueMethod(MethodSpec.of("sort_by", Category.OBJECTS_AND_ARRAYS,
                        "Sorts the elements of an array, ascending, by a value the query picks from each. The picked "
                                + "values must be all numbers or all strings; elements with equal values keep their order.")
                .param(Param.query("query", "Picks the value to sort by.", false))
                .example(Example.of("", "root.youngest_first = this.people.sort_by(p -> p.age).map_each(p -> p.name)",
                        "{\"people\":[{\"name\":\"ann\",\"age\":41,\"team\":\"red\"},{\"name\":\"bo\",\"age\":29,\"team\":\"blue\"},{\"name\":\"cy\",\"age\":35,\"team\":\"red\"}]}", "{\"youngest_first\":[\"bo\",\"cy\",\"ann\"]}")),
                args -> {
                    Query q = args.query("query");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        List<Object> keys = new ArrayList<>(l.size());
                        for (Object e : l) keys.add(q.exec(ctx.withValue(e)));
                        checkSortable(keys);
                        Integer[] order = new Integer[l.size()];
                        for (int i = 0; i < order.length; i++) order[i] = i;
                        Arrays.sort(order, (a, b) -> compareSortable(keys.get(a), keys.get(b)));
                        List<Object> out = new ArrayList<>(l.size());
                        for (Integer i : order) out.add(l.get(i));
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("unique", Category.OBJECTS_AND_ARRAYS,
                        "Removes repeated elements and keeps the first of each. The elements compared must be strings or "
                                + "numbers: for objects, give a query that picks what makes two of them the same.")
                .param(Param.query("emit", "Picks the string or number to compare from each element.", false).optional())
                .example(Example.of("", "root.tags = this.tags.unique()",
                        "{\"tags\":[\"red\",\"blue\",\"red\"]}", "{\"tags\":[\"red\",\"blue\"]}"))
                .example(Example.of("The first person of each team.", "root.leads = this.people.unique(p -> p.team).map_each(p -> p.name)",
                        "{\"people\":[{\"name\":\"ann\",\"age\":41,\"team\":\"red\"},{\"name\":\"bo\",\"age\":29,\"team\":\"blue\"},{\"name\":\"cy\",\"age\":35,\"team\":\"red\"}]}", "{\"leads\":[\"ann\",\"bo\"]}")),
                args -> {
                    Query emit = args.has("emit") ? args.query("emit") : null;
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        List<Object> out = new ArrayList<>();
                        List<Object> seen = new ArrayList<>();
                        for (Object e : l) {
                            Object key = emit == null ? e : emit.exec(ctx.withValue(e));
                            if (!(key instanceof String) && !(key instanceof Number)) {
                                throw Values.typeError(key, "string", "number");
                            }
                            boolean dup = false;
                            for (Object s : seen) {
                                if (Values.equal(s, key)) {
                                    dup = true;
                                    break;
                                }
                            }
                            if (!dup) {
                                seen.add(key);
                                out.add(e);
                            }
                        }
                        return out;
                    };
                });
    }

    static boolean testElement(Query q, ExecContext ctx, Object e, int i) {
        Object r;
        try {
            r = q.exec(ctx.withValue(e));
        } catch (QueryException ex) {
            throw ex.prefixed("element " + i + ": ");
        }
        if (r instanceof Boolean b) return b;
        throw new QueryException("element " + i + ": " + Values.typeError(r, "bool").getMessage());
    }

    static Map<String, Object> keyValue(Object k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("key", k);
        m.put("value", v);
        return m;
    }

    private static void checkSortable(List<Object> l) {
        boolean strings = false;
        boolean numbers = false;
        for (Object o : l) {
            if (o instanceof String || o instanceof byte[]) strings = true;
            else if (o instanceof Number) numbers = true;
            else throw Values.typeError(o, "number", "string");
        }
        if (strings && numbers) throw new QueryException("expected all elements to be of the same type (number or string)");
    }

    private static int compareSortable(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return Operators.compareNumbers(x, y);
        return Values.asString(a).compareTo(Values.asString(b));
    }
}
