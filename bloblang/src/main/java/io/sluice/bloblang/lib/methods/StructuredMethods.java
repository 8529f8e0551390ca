package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.query.Operators;
import io.sluice.bloblang.query.Paths;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Methods of the "Object &amp; Array Manipulation" category. Inputs are never modified: every method
 * that changes a structure works on a copy.
 */
public final class StructuredMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        registerIteration(lib);
        registerSearch(lib);
        registerShape(lib);
        registerAggregates(lib);
    }

    // ---- lambdas over elements ---------------------------------------------------------------------

    private static void registerIteration(Library lib) {
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
                            l.sort(StructuredMethods::compareSortable);
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

    private static boolean testElement(Query q, ExecContext ctx, Object e, int i) {
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

    // ---- searching ------------------------------------------------------------------------------

    private static void registerSearch(Library lib) {
        lib.addValueMethod(MethodSpec.of("contains", Category.OBJECTS_AND_ARRAYS,
                        "True when an array has an element equal to the argument, when an object has such a value (keys "
                                + "are not searched), or when text contains the argument. Numbers compare by value, so `2` matches "
                                + "`2.0`.")
                .param(Param.any("value", "What to look for."))
                .example(Example.of("", "root.vip = this.tags.contains(\"vip\")\nroot.internal = this.email.contains(\"@example.com\")",
                        "{\"tags\":[\"new\",\"vip\"],\"email\":\"ada@example.com\"}", "{\"vip\":true,\"internal\":true}")),
                args -> {
                    Object needle = args.get("value");
                    return (v, ctx) -> {
                        if (v instanceof String s) return s.contains(Values.toText(needle));
                        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8).contains(Values.toText(needle));
                        if (v instanceof List<?> l) {
                            for (Object e : l) if (Values.equal(needle, e)) return true;
                            return false;
                        }
                        if (v instanceof Map<?, ?> m) {
                            for (Object e : m.values()) if (Values.equal(needle, e)) return true;
                            return false;
                        }
                        throw Values.typeError(v, "string", "array", "object");
                    };
                });

        lib.addValueMethod(MethodSpec.of("exists", Category.OBJECTS_AND_ARRAYS,
                        "True when the dot path leads to a field of an object or an index of an array, even one that "
                                + "holds null. Comparing the field with null cannot tell a missing field from a null one; this can.")
                .param(Param.string("path", "The dot path, e.g. `contact.phone` or `items.0`."))
                .example(Example.of("", "root.has_phone = this.exists(\"contact.phone\")",
                        "{\"contact\":{\"phone\":null}}", "{\"has_phone\":true}",
                        "{\"contact\":{}}", "{\"has_phone\":false}")),
                args -> {
                    String[] path = Paths.fromDotPath(args.string("path"));
                    return (v, ctx) -> exists(v, path);
                });

        lib.addValueMethod(MethodSpec.of("get", Category.OBJECTS_AND_ARRAYS,
                        "The value at a dot path, or null when part of the path is missing. Useful when the path itself "
                                + "comes from the data.")
                .param(Param.string("path", "The dot path, e.g. `address.city`."))
                .example(Example.of("", "root.value = this.record.get(this.field)",
                        "{\"field\":\"address.city\",\"record\":{\"address\":{\"city\":\"Paris\"}}}", "{\"value\":\"Paris\"}")),
                args -> {
                    String[] path = Paths.fromDotPath(args.string("path"));
                    return (v, ctx) -> Paths.get(v, path);
                });

        lib.addValueMethod(MethodSpec.of("find", Category.OBJECTS_AND_ARRAYS,
                        "The index of the first element equal to the argument, or -1 when there is none. Numbers compare "
                                + "by value.")
                .param(Param.any("value", "The element to look for."))
                .example(Example.of("", "root.position = this.queue.find(\"carol\")",
                        "{\"queue\":[\"ann\",\"bo\",\"carol\"]}", "{\"position\":2}")),
                args -> {
                    Object needle = args.get("value");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        for (int i = 0; i < l.size(); i++) if (Values.equal(needle, l.get(i))) return (long) i;
                        return -1L;
                    };
                });

        lib.addValueMethod(MethodSpec.of("find_all", Category.OBJECTS_AND_ARRAYS,
                        "The indexes of all elements equal to the argument, in order; an empty array when there are none.")
                .param(Param.any("value", "The element to look for."))
                .example(Example.of("", "root.errors_at = this.levels.find_all(\"error\")",
                        "{\"levels\":[\"info\",\"error\",\"warn\",\"error\"]}", "{\"errors_at\":[1,3]}")),
                args -> {
                    Object needle = args.get("value");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        List<Object> out = new ArrayList<>();
                        for (int i = 0; i < l.size(); i++) if (Values.equal(needle, l.get(i))) out.add((long) i);
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("find_by", Category.OBJECTS_AND_ARRAYS,
                        "The index of the first element for which the query gives true, or -1 when there is none.")
                .param(Param.query("query", "The test, run on each element until one passes; it must give a boolean.", false))
                .example(Example.of("", "root.first_adult = this.people.find_by(p -> p.age >= 18)",
                        "{\"people\":[{\"age\":12},{\"age\":30},{\"age\":45}]}", "{\"first_adult\":1}")),
                args -> {
                    Query q = args.query("query");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        for (int i = 0; i < l.size(); i++) if (testElement(q, ctx, l.get(i), i)) return (long) i;
                        return -1L;
                    };
                });

        lib.addValueMethod(MethodSpec.of("find_all_by", Category.OBJECTS_AND_ARRAYS,
                        "The indexes of all elements for which the query gives true; an empty array when there are none.")
                .param(Param.query("query", "The test to run on each element; it must give a boolean.", false))
                .example(Example.of("", "root.adults = this.people.find_all_by(p -> p.age >= 18)",
                        "{\"people\":[{\"age\":12},{\"age\":30},{\"age\":45}]}", "{\"adults\":[1,2]}")),
                args -> {
                    Query q = args.query("query");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        List<Object> out = new ArrayList<>();
                        for (int i = 0; i < l.size(); i++) if (testElement(q, ctx, l.get(i), i)) out.add((long) i);
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("index", Category.OBJECTS_AND_ARRAYS,
                        "The element at a position of an array, counting from 0; negative positions count back from the "
                                + "end, so -1 is the last. On a byte array it gives the byte as a number. A position outside the "
                                + "array is an error, not null.")
                .param(Param.int64("index", "The position."))
                .example(Example.of("", "root.first = this.steps.index(0)\nroot.last = this.steps.index(-1)",
                        "{\"steps\":[\"build\",\"test\",\"ship\"]}", "{\"first\":\"build\",\"last\":\"ship\"}")),
                args -> {
                    long idx = args.int64("index");
                    return (v, ctx) -> {
                        if (v instanceof List<?> l) {
                            long i = idx < 0 ? l.size() + idx : idx;
                            if (i < 0 || i >= l.size()) throw new QueryException("index '" + idx + "' was out of bounds for array size: " + l.size());
                            return l.get((int) i);
                        }
                        if (v instanceof byte[] b) {
                            long i = idx < 0 ? b.length + idx : idx;
                            if (i < 0 || i >= b.length) throw new QueryException("index '" + idx + "' was out of bounds for byte array size: " + b.length);
                            return (long) (b[(int) i] & 0xff);
                        }
                        throw Values.typeError(v, "array");
                    };
                });
    }

    static boolean exists(Object v, String[] path) {
        Object cur = v;
        for (String seg : path) {
            if (cur instanceof Map<?, ?> m) {
                if (!m.containsKey(seg)) return false;
                cur = m.get(seg);
            } else if (cur instanceof List<?> l) {
                int i;
                try {
                    i = Integer.parseInt(seg);
                } catch (NumberFormatException e) {
                    return false;
                }
                if (i < 0 || i >= l.size()) return false;
                cur = l.get(i);
            } else {
                return false;
            }
        }
        return true;
    }

    // ---- reshaping ------------------------------------------------------------------------------

    private static void registerShape(Library lib) {
        lib.addValueMethod(MethodSpec.of("keys", Category.OBJECTS_AND_ARRAYS,
                        "The keys of an object, sorted alphabetically.")
                .example(Example.of("", "root.settings = this.config.keys()",
                        "{\"config\":{\"port\":8080,\"host\":\"0.0.0.0\"}}", "{\"settings\":[\"host\",\"port\"]}")),
                args -> (v, ctx) -> new ArrayList<Object>(new TreeMap<>(Values.asObject(v)).keySet()));

        lib.addValueMethod(MethodSpec.of("values", Category.OBJECTS_AND_ARRAYS,
                        "The values of an object, in the alphabetical order of their keys.")
                .example(Example.of("", "root.values = this.config.values()",
                        "{\"config\":{\"port\":8080,\"host\":\"0.0.0.0\"}}", "{\"values\":[\"0.0.0.0\",8080]}")),
                args -> (v, ctx) -> new ArrayList<>(new TreeMap<>(Values.asObject(v)).values()));

        lib.addValueMethod(MethodSpec.of("key_values", Category.OBJECTS_AND_ARRAYS,
                        "The entries of an object as an array of `{\"key\": ..., \"value\": ...}` objects, sorted by key: a "
                                + "way to turn an object into a list.")
                .example(Example.of("", "root.regions = this.totals.key_values()",
                        "{\"totals\":{\"us\":30,\"eu\":12}}", "{\"regions\":[{\"key\":\"eu\",\"value\":12},{\"key\":\"us\",\"value\":30}]}")),
                args -> (v, ctx) -> {
                    List<Object> out = new ArrayList<>();
                    for (Map.Entry<String, Object> e : new TreeMap<>(Values.asObject(v)).entrySet()) out.add(keyValue(e.getKey(), e.getValue()));
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("length", Category.OBJECTS_AND_ARRAYS,
                        "How many elements an array has, how many entries an object has, or how many bytes a string or "
                                + "byte array takes. For text that is the size in UTF-8, not the number of characters: `\"José\"` has "
                                + "length 5.")
                .example(Example.of("", "root.count = this.items.length()\nroot.name_bytes = this.name.length()",
                        "{\"items\":[1,2,3],\"name\":\"José\"}", "{\"count\":3,\"name_bytes\":5}")),
                args -> (v, ctx) -> {
                    if (v instanceof String s) return (long) utf8Length(s);
                    if (v instanceof byte[] b) return (long) b.length;
                    if (v instanceof List<?> l) return (long) l.size();
                    if (v instanceof Map<?, ?> m) return (long) m.size();
                    throw Values.typeError(v, "string", "bytes", "array", "object");
                });

        lib.addValueMethod(MethodSpec.of("append", Category.OBJECTS_AND_ARRAYS,
                        "A copy of the array with the arguments added at its end. An array argument becomes one element; "
                                + "use `concat` to add its elements instead.")
                .variadic()
                .example(Example.of("", "root.steps = this.steps.append(\"deploy\")",
                        "{\"steps\":[\"build\",\"test\"]}", "{\"steps\":[\"build\",\"test\",\"deploy\"]}")),
                args -> {
                    List<Object> extra = args.all();
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>(Values.asArray(v));
                        out.addAll(extra);
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("concat", Category.OBJECTS_AND_ARRAYS,
                        "One array holding the elements of the array followed by the elements of each argument array, in "
                                + "order.")
                .variadic()
                .example(Example.of("", "root.all = this.mine.concat(this.theirs)",
                        "{\"mine\":[1,2],\"theirs\":[3]}", "{\"all\":[1,2,3]}")),
                args -> {
                    List<Object> extra = args.all();
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>(Values.asArray(v));
                        for (Object e : extra) out.addAll(Values.asArray(e));
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("flatten", Category.OBJECTS_AND_ARRAYS,
                        "Replaces each element that is an array by its elements, one level deep only: `[1, [2, [3]]]` "
                                + "gives `[1, 2, [3]]`.")
                .example(Example.of("", "root.tags = this.groups.map_each(g -> g.tags).flatten()",
                        "{\"groups\":[{\"tags\":[\"a\",\"b\"]},{\"tags\":[\"c\"]}]}", "{\"tags\":[\"a\",\"b\",\"c\"]}")),
                args -> (v, ctx) -> {
                    List<Object> out = new ArrayList<>();
                    for (Object e : Values.asArray(v)) {
                        if (e instanceof List<?> inner) out.addAll(inner);
                        else out.add(e);
                    }
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("enumerated", Category.OBJECTS_AND_ARRAYS,
                        "Pairs each element of an array with its position, as `{\"index\": ..., \"value\": ...}` objects.")
                .example(Example.of("", "root.ranked = this.winners.enumerated().map_each(e -> \"%d. %s\".format(e.index + 1, e.value))",
                        "{\"winners\":[\"ann\",\"bo\"]}", "{\"ranked\":[\"1. ann\",\"2. bo\"]}")),
                args -> (v, ctx) -> {
                    List<Object> l = Values.asArray(v);
                    List<Object> out = new ArrayList<>(l.size());
                    for (int i = 0; i < l.size(); i++) {
                        Map<String, Object> m = new LinkedHashMap<>(4);
                        m.put("index", (long) i);
                        m.put("value", l.get(i));
                        out.add(m);
                    }
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("zip", Category.OBJECTS_AND_ARRAYS,
                        "Combines arrays of equal length position by position: element i of the result is an array of "
                                + "element i of the target and of each argument. Arrays of different lengths are an error.")
                .variadic()
                .example(Example.of("", "root.points = this.xs.zip(this.ys)",
                        "{\"xs\":[1,2],\"ys\":[10,20]}", "{\"points\":[[1,10],[2,20]]}")),
                args -> {
                    List<Object> others = args.all();
                    return (v, ctx) -> {
                        List<Object> first = Values.asArray(v);
                        List<List<Object>> all = new ArrayList<>();
                        all.add(first);
                        for (Object o : others) {
                            List<Object> l = Values.asArray(o);
                            if (l.size() != first.size()) throw new QueryException("can't zip different length array values");
                            all.add(l);
                        }
                        List<Object> out = new ArrayList<>(first.size());
                        for (int i = 0; i < first.size(); i++) {
                            List<Object> row = new ArrayList<>(all.size());
                            for (List<Object> l : all) row.add(l.get(i));
                            out.add(row);
                        }
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("slice", Category.OBJECTS_AND_ARRAYS,
                        "A part of an array, string or byte array, from `low` up to but not including `high`. Negative "
                                + "bounds count from the end, bounds beyond the end are clamped, and `low` above `high` is an "
                                + "error. Strings are cut by bytes, so a cut inside a multi-byte character garbles it.")
                .param(Param.int64("low", "Where the part starts."))
                .param(Param.int64("high", "Where it stops; the end when left out.").optional())
                .example(Example.of("", "root.middle = this.values.slice(1, -1)\nroot.extension = this.file.slice(-3)",
                        "{\"values\":[1,2,3,4,5],\"file\":\"report.pdf\"}", "{\"middle\":[2,3,4],\"extension\":\"pdf\"}")),
                args -> {
                    long low = args.int64("low");
                    Long high = args.has("high") ? args.int64("high") : null;
                    return (v, ctx) -> {
                        if (v instanceof String s) {
                            byte[] b = s.getBytes(StandardCharsets.UTF_8);
                            int[] r = bounds(low, high, b.length);
                            return new String(b, r[0], r[1] - r[0], StandardCharsets.UTF_8);
                        }
                        if (v instanceof byte[] b) {
                            int[] r = bounds(low, high, b.length);
                            return Arrays.copyOfRange(b, r[0], r[1]);
                        }
                        if (v instanceof List<?> l) {
                            int[] r = bounds(low, high, l.size());
                            return new ArrayList<Object>(l.subList(r[0], r[1]));
                        }
                        throw Values.typeError(v, "array", "string");
                    };
                });

        lib.addValueMethod(MethodSpec.of("merge", Category.OBJECTS_AND_ARRAYS,
                        "Combines two objects deeply. Under a key both have, objects are merged in turn and any other "
                                + "values are both kept, collected into an array. On an array target the argument is appended. Use "
                                + "`assign` to let the argument win instead.")
                .param(Param.any("with", "The value to merge in."))
                .example(Example.of("", "root = this.defaults.merge(this.overrides)",
                        "{\"defaults\":{\"tags\":[\"a\"],\"retry\":{\"max\":3},\"timeout\":5},\"overrides\":{\"tags\":[\"b\"],\"retry\":{\"backoff\":\"1s\"},\"timeout\":10}}", "{\"tags\":[\"a\",\"b\"],\"retry\":{\"max\":3,\"backoff\":\"1s\"},\"timeout\":[5,10]}")),
                args -> {
                    Object with = args.get("with");
                    return (v, ctx) -> merge(v, with, false);
                });

        lib.addValueMethod(MethodSpec.of("assign", Category.OBJECTS_AND_ARRAYS,
                        "Combines two objects deeply like `merge`, except that under a key both have, the argument's "
                                + "value replaces the other unless both are objects.")
                .param(Param.any("with", "The value to merge in; it wins on conflicts."))
                .example(Example.of("", "root = this.defaults.assign(this.overrides)",
                        "{\"defaults\":{\"tags\":[\"a\"],\"retry\":{\"max\":3},\"timeout\":5},\"overrides\":{\"tags\":[\"b\"],\"retry\":{\"backoff\":\"1s\"},\"timeout\":10}}", "{\"tags\":[\"b\"],\"retry\":{\"max\":3,\"backoff\":\"1s\"},\"timeout\":10}")),
                args -> {
                    Object with = args.get("with");
                    return (v, ctx) -> merge(v, with, true);
                });

        lib.addValueMethod(MethodSpec.of("squash", Category.OBJECTS_AND_ARRAYS,
                        "Merges an array of objects into one, from first to last, by the rules of `merge`: values under a "
                                + "repeated key are collected into an array.")
                .example(Example.of("", "root = this.parts.squash()",
                        "{\"parts\":[{\"id\":1},{\"name\":\"ada\"},{\"id\":2}]}", "{\"id\":[1,2],\"name\":\"ada\"}")),
                args -> (v, ctx) -> {
                    Object out = new LinkedHashMap<String, Object>();
                    for (Object e : Values.asArray(v)) {
                        if (!(e instanceof Map)) throw Values.typeError(e, "object");
                        out = merge(out, e, false);
                    }
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("without", Category.OBJECTS_AND_ARRAYS,
                        "A copy of an object without the fields at the dot paths given. Paths that lead nowhere are "
                                + "ignored.")
                .variadic()
                .example(Example.of("", "root = this.without(\"password\", \"address.zip\")",
                        "{\"name\":\"ada\",\"password\":\"s3cret\",\"address\":{\"city\":\"Paris\",\"zip\":\"75001\"}}", "{\"name\":\"ada\",\"address\":{\"city\":\"Paris\"}}")),
                args -> {
                    List<String[]> paths = new ArrayList<>();
                    for (Object p : args.all()) paths.add(Paths.fromDotPath(Values.asString(p)));
                    return (v, ctx) -> {
                        Object copy = Values.deepCopy(Values.asObject(v));
                        for (String[] p : paths) removePath(copy, p);
                        return copy;
                    };
                });

        lib.addValueMethod(MethodSpec.of("with", Category.OBJECTS_AND_ARRAYS,
                        "A copy of an object that keeps only the fields at the dot paths given. Paths that lead nowhere "
                                + "are left out.")
                .variadic()
                .example(Example.of("", "root = this.with(\"name\", \"address.city\")",
                        "{\"name\":\"ada\",\"password\":\"s3cret\",\"address\":{\"city\":\"Paris\",\"zip\":\"75001\"}}", "{\"name\":\"ada\",\"address\":{\"city\":\"Paris\"}}")),
                args -> {
                    List<String[]> paths = new ArrayList<>();
                    for (Object p : args.all()) paths.add(Paths.fromDotPath(Values.asString(p)));
                    return (v, ctx) -> {
                        Map<String, Object> src = Values.asObject(v);
                        Map<String, Object> out = new LinkedHashMap<>();
                        for (String[] p : paths) {
                            if (!exists(src, p)) continue;
                            setPath(out, p, Values.deepCopy(Paths.get(src, p)));
                        }
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("collapse", Category.OBJECTS_AND_ARRAYS,
                        "Flattens nested objects and arrays into one object whose keys are dot paths such as `user.name` "
                                + "or `roles.0`. A dot inside a key is written `~1` and a tilde `~0`, so the paths stay "
                                + "unambiguous. Empty objects and arrays disappear unless `include_empty` is true.")
                .param(Param.bool("include_empty", "Keep empty objects and arrays as values.").withDefault(false))
                .example(Example.of("", "root = this.collapse()",
                        "{\"user\":{\"name\":\"ada\",\"roles\":[\"admin\"]},\"v1.0\":true}", "{\"user.name\":\"ada\",\"user.roles.0\":\"admin\",\"v1~10\":true}")),
                args -> {
                    boolean includeEmpty = args.bool("include_empty");
                    return (v, ctx) -> {
                        if (!(v instanceof Map) && !(v instanceof List)) throw Values.typeError(v, "object", "array");
                        Map<String, Object> out = new LinkedHashMap<>();
                        collapse(v, "", out, includeEmpty);
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("explode", Category.OBJECTS_AND_ARRAYS,
                        "Makes one copy of the document for each element of the array at `path`, each with that element "
                                + "in its place. An object at `path` gives an object of copies instead, one per key.")
                .param(Param.string("path", "The dot path of the array or object to split on."))
                .example(Example.of("One document per item.", "root = this.explode(\"items\")",
                        "{\"order\":7,\"items\":[\"a\",\"b\"]}", "[{\"order\":7,\"items\":\"a\"},{\"order\":7,\"items\":\"b\"}]")),
                args -> {
                    String[] path = Paths.fromDotPath(args.string("path"));
                    return (v, ctx) -> {
                        Object target = Paths.get(v, path);
                        if (target instanceof List<?> l) {
                            List<Object> out = new ArrayList<>(l.size());
                            for (Object e : l) {
                                Object copy = Values.deepCopy(v);
                                setPath(copy, path, Values.deepCopy(e));
                                out.add(copy);
                            }
                            return out;
                        }
                        if (target instanceof Map<?, ?> m) {
                            Map<String, Object> out = new LinkedHashMap<>();
                            for (Map.Entry<?, ?> e : m.entrySet()) {
                                Object copy = Values.deepCopy(v);
                                setPath(copy, path, Values.deepCopy(e.getValue()));
                                out.put((String) e.getKey(), copy);
                            }
                            return out;
                        }
                        throw Values.typeError(target, "object", "array");
                    };
                });

        lib.addValueMethod(MethodSpec.of("diff", Category.OBJECTS_AND_ARRAYS,
                        "Lists the changes that turn the value into the argument, each as an object with `Type` "
                                + "(`create`, `update` or `delete`), `Path` (an array of keys), `From` and `To`. `patch` applies "
                                + "such a list.")
                .param(Param.any("other", "The newer value."))
                .example(Example.of("", "root = this.before.diff(this.after)",
                        "{\"before\":{\"qty\":1,\"note\":\"x\"},\"after\":{\"qty\":2,\"gift\":true}}", "[{\"Type\":\"create\",\"Path\":[\"gift\"],\"From\":null,\"To\":true},{\"Type\":\"delete\",\"Path\":[\"note\"],\"From\":\"x\",\"To\":null},{\"Type\":\"update\",\"Path\":[\"qty\"],\"From\":1,\"To\":2}]")),
                args -> {
                    Object other = args.get("other");
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        Diffs.diff(v, other, new ArrayList<>(), out);
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("patch", Category.OBJECTS_AND_ARRAYS,
                        "Applies a list of changes, as `diff` makes them, to the value and gives the result.")
                .param(Param.any("changelog", "The changes to apply."))
                .example(Example.of("", "root = this.before.patch(this.changes)",
                        "{\"before\":{\"qty\":1,\"note\":\"x\"},\"changes\":[{\"Type\":\"update\",\"Path\":[\"qty\"],\"From\":1,\"To\":2},{\"Type\":\"delete\",\"Path\":[\"note\"],\"From\":\"x\",\"To\":null}]}", "{\"qty\":2}")),
                args -> {
                    Object changelog = args.get("changelog");
                    return (v, ctx) -> Diffs.patch(v, Values.asArray(changelog));
                });
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    /** Bounds of a slice with negative indexes counting from the end, clamped; low greater than high is an error. */
    private static int[] bounds(long low, Long high, int size) {
        long lo = low < 0 ? size + low : low;
        long hi = high == null ? size : (high < 0 ? size + high : high);
        lo = Math.max(0, Math.min(lo, size));
        hi = Math.max(0, Math.min(hi, size));
        if (lo > hi) throw new QueryException("lower slice bound " + lo + " must be lower than or equal to upper bound (" + hi + ")");
        return new int[]{(int) lo, (int) hi};
    }

    /** The original's merge: objects merge recursively; collisions collect both values in an array (or overwrite for assign). */
    @SuppressWarnings("unchecked")
    static Object merge(Object target, Object with, boolean overwrite) {
        if (target instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l);
            if (with instanceof List<?> wl) out.addAll(wl);
            else out.add(with);
            return out;
        }
        if (!(target instanceof Map)) throw Values.typeError(target, "object", "array");
        if (!(with instanceof Map)) {
            if (overwrite) return Values.deepCopy(with);
            throw Values.typeError(with, "object");
        }
        Map<String, Object> out = (Map<String, Object>) Values.deepCopy(target);
        mergeInto(out, (Map<String, Object>) with, overwrite);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> dest, Map<String, Object> src, boolean overwrite) {
        for (Map.Entry<String, Object> e : src.entrySet()) {
            String k = e.getKey();
            Object sv = Values.deepCopy(e.getValue());
            if (!dest.containsKey(k)) {
                dest.put(k, sv);
                continue;
            }
            Object dv = dest.get(k);
            if (sv instanceof Map && dv instanceof Map) {
                mergeInto((Map<String, Object>) dv, (Map<String, Object>) sv, overwrite);
            } else if (overwrite) {
                dest.put(k, sv);
            } else {
                List<Object> arr = new ArrayList<>();
                if (dv instanceof List<?> dl) arr.addAll(dl);
                else arr.add(dv);
                if (sv instanceof List<?> sl) arr.addAll(sl);
                else arr.add(sv);
                dest.put(k, arr);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void removePath(Object root, String[] path) {
        if (path.length == 0) return;
        Object parent = path.length == 1 ? root : Paths.get(root, Arrays.copyOf(path, path.length - 1));
        if (parent instanceof Map<?, ?> m) ((Map<String, Object>) m).remove(path[path.length - 1]);
    }

    @SuppressWarnings("unchecked")
    static void setPath(Object root, String[] path, Object value) {
        Object cur = root;
        for (int i = 0; i < path.length - 1; i++) {
            if (!(cur instanceof Map)) return;
            Map<String, Object> m = (Map<String, Object>) cur;
            Object next = m.get(path[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                m.put(path[i], next);
            }
            cur = next;
        }
        if (cur instanceof Map) ((Map<String, Object>) cur).put(path[path.length - 1], value);
    }

    private static void collapse(Object v, String prefix, Map<String, Object> out, boolean includeEmpty) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                if (includeEmpty && !prefix.isEmpty()) out.put(prefix, new LinkedHashMap<>());
                return;
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = ((String) e.getKey()).replace("~", "~0").replace(".", "~1");
                collapse(e.getValue(), prefix.isEmpty() ? key : prefix + "." + key, out, includeEmpty);
            }
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                if (includeEmpty && !prefix.isEmpty()) out.put(prefix, new ArrayList<>());
                return;
            }
            for (int i = 0; i < l.size(); i++) collapse(l.get(i), prefix.isEmpty() ? Integer.toString(i) : prefix + "." + i, out, includeEmpty);
        } else {
            out.put(prefix, v);
        }
    }

    // ---- aggregates -----------------------------------------------------------------------------

    private static void registerAggregates(Library lib) {
        lib.addValueMethod(MethodSpec.of("sum", Category.OBJECTS_AND_ARRAYS,
                        "Adds up an array of numbers. Whole numbers stay exact, beyond 64 bits if need be; one float "
                                + "makes the total a float. An empty array gives 0.")
                .example(Example.of("", "root.total = this.amounts.sum()",
                        "{\"amounts\":[12,30,8]}", "{\"total\":50}")),
                args -> (v, ctx) -> {
                    List<Object> l = Values.asArray(v);
                    boolean allInts = true;
                    for (Object o : l) {
                        if (!(o instanceof Number)) throw Values.typeError(o, "number");
                        if (!Values.isInteger(o)) allInts = false;
                    }
                    if (allInts) {
                        long sum = 0;
                        BigInteger big = null;
                        for (Object o : l) {
                            if (big != null) {
                                big = big.add(Values.toBigInteger((Number) o));
                            } else if (o instanceof Long x) {
                                long r = sum + x;
                                if (((sum ^ r) & (x ^ r)) < 0) big = BigInteger.valueOf(sum).add(BigInteger.valueOf(x));
                                else sum = r;
                            } else {
                                big = BigInteger.valueOf(sum).add(Values.toBigInteger((Number) o));
                            }
                        }
                        return big == null ? (Object) sum : Values.integer(big);
                    }
                    double d = 0;
                    for (Object o : l) d += ((Number) o).doubleValue();
                    return d;
                });
    }
}
