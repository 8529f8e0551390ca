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
                        "Apply a mapping to each element of an array or each value of an object. deleted() removes the element, nothing() keeps it unchanged.")
                        .param(Param.query("query", "A query that will be used to map each element.", false))
                        .example(Example.of("", "root.new_nums = this.nums.map_each(num -> if num < 10 { deleted() } else { num - 10 })",
                                "{\"nums\":[3,11,4,17]}", "{\"new_nums\":[1,7]}")),
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
                        "Apply a mapping to each key of an object, and replace the key with the result, which must be a string.")
                        .param(Param.query("query", "A query that will be used to map each key.", false)),
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
                        "Executes a query on each element of an array or object (as key/value pairs) and keeps the elements for which it returns true.")
                        .param(Param.query("test", "A query that will be used to filter each element.", false)),
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
                        "Takes two arguments: an initial value, and a mapping query. For each element of an array the mapping context is an object with two fields tally and value.")
                        .param(Param.any("initial", "The initial value to start the fold with."))
                        .param(Param.query("query", "A query to apply for each element.", false)),
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
                        "Checks each element of an array against a query and returns true if all elements passed. Returns false for an empty array.")
                        .param(Param.query("test", "A test query to apply to each element.", false)),
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
                        "Checks the elements of an array against a query and returns true if any element passes. Returns false for an empty array.")
                        .param(Param.query("test", "A test query to apply to each element.", false)),
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
                        "Attempts to sort the values of an array in increasing order. The type of all values must match (numbers or strings). A custom comparison query receiving left and right may be given.")
                        .param(Param.query("compare", "An optional query that should explicitly compare elements left and right and provide a boolean result.", false).optional()),
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
                        "Attempts to sort the elements of an array in increasing order by a value emitted by an argument query.")
                        .param(Param.query("query", "A query to apply to each element that yields a value used for sorting.", false)),
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
                        "Attempts to remove duplicate values from an array. An optional query chooses the value compared.")
                        .param(Param.query("emit", "An optional query that can be used in order to yield a value for each element to determine uniqueness.", false).optional()),
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
                        "Checks whether an array contains an element matching the argument, or an object contains a value matching it, or a string contains the argument as a substring.")
                        .param(Param.any("value", "A value to test against elements of the target.")),
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
                        "Checks that a field, identified via a dot path, exists in an object.")
                        .param(Param.string("path", "A dot path to a field.")),
                args -> {
                    String[] path = Paths.fromDotPath(args.string("path"));
                    return (v, ctx) -> exists(v, path);
                });

        lib.addValueMethod(MethodSpec.of("get", Category.OBJECTS_AND_ARRAYS,
                        "Extract a field value, identified via a dot path, from an object.")
                        .param(Param.string("path", "A dot path identifying a field to obtain.")),
                args -> {
                    String[] path = Paths.fromDotPath(args.string("path"));
                    return (v, ctx) -> Paths.get(v, path);
                });

        lib.addValueMethod(MethodSpec.of("find", Category.OBJECTS_AND_ARRAYS,
                        "Returns the index of the first occurrence of a value in an array. -1 is returned if there are no occurrences.")
                        .param(Param.any("value", "A value to find.")),
                args -> {
                    Object needle = args.get("value");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        for (int i = 0; i < l.size(); i++) if (Values.equal(needle, l.get(i))) return (long) i;
                        return -1L;
                    };
                });

        lib.addValueMethod(MethodSpec.of("find_all", Category.OBJECTS_AND_ARRAYS,
                        "Returns an array containing the indexes of all occurrences of a value in an array.")
                        .param(Param.any("value", "A value to find.")),
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
                        "Returns the index of the first element of an array for which a query returns true. -1 if none.")
                        .param(Param.query("query", "A query to execute for each element.", false)),
                args -> {
                    Query q = args.query("query");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        for (int i = 0; i < l.size(); i++) if (testElement(q, ctx, l.get(i), i)) return (long) i;
                        return -1L;
                    };
                });

        lib.addValueMethod(MethodSpec.of("find_all_by", Category.OBJECTS_AND_ARRAYS,
                        "Returns the indexes of all elements of an array for which a query returns true.")
                        .param(Param.query("query", "A query to execute for each element.", false)),
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
                        "Extract an element from an array by an index. Negative indexes count from the end. Also works on byte arrays (yielding numbers).")
                        .param(Param.int64("index", "The index to obtain from an array.")),
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
        lib.addValueMethod(MethodSpec.of("keys", Category.OBJECTS_AND_ARRAYS, "Returns the keys of an object as an array, sorted."),
                args -> (v, ctx) -> new ArrayList<Object>(new TreeMap<>(Values.asObject(v)).keySet()));

        lib.addValueMethod(MethodSpec.of("values", Category.OBJECTS_AND_ARRAYS, "Returns the values of an object as an array (in key order)."),
                args -> (v, ctx) -> new ArrayList<>(new TreeMap<>(Values.asObject(v)).values()));

        lib.addValueMethod(MethodSpec.of("key_values", Category.OBJECTS_AND_ARRAYS,
                        "Returns the key/value pairs of an object as an array of objects with key and value fields."),
                args -> (v, ctx) -> {
                    List<Object> out = new ArrayList<>();
                    for (Map.Entry<String, Object> e : new TreeMap<>(Values.asObject(v)).entrySet()) out.add(keyValue(e.getKey(), e.getValue()));
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("length", Category.OBJECTS_AND_ARRAYS,
                        "Returns the length of an array, object, string (in bytes) or byte array."),
                args -> (v, ctx) -> {
                    if (v instanceof String s) return (long) utf8Length(s);
                    if (v instanceof byte[] b) return (long) b.length;
                    if (v instanceof List<?> l) return (long) l.size();
                    if (v instanceof Map<?, ?> m) return (long) m.size();
                    throw Values.typeError(v, "string", "bytes", "array", "object");
                });

        lib.addValueMethod(MethodSpec.of("append", Category.OBJECTS_AND_ARRAYS,
                        "Returns an array with new elements appended to the end.").variadic(),
                args -> {
                    List<Object> extra = args.all();
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>(Values.asArray(v));
                        out.addAll(extra);
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("concat", Category.OBJECTS_AND_ARRAYS,
                        "Concatenates an array value with one or more argument arrays.").variadic(),
                args -> {
                    List<Object> extra = args.all();
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>(Values.asArray(v));
                        for (Object e : extra) out.addAll(Values.asArray(e));
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("flatten", Category.OBJECTS_AND_ARRAYS,
                        "Iterates an array and any element that is itself an array is removed and has its elements inserted in its place (one level)."),
                args -> (v, ctx) -> {
                    List<Object> out = new ArrayList<>();
                    for (Object e : Values.asArray(v)) {
                        if (e instanceof List<?> inner) out.addAll(inner);
                        else out.add(e);
                    }
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("enumerated", Category.OBJECTS_AND_ARRAYS,
                        "Converts an array into a new array of objects, where each object has a field index containing the index of the element and a field value containing the original value."),
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
                        "Zip an array value with one or more argument arrays of the same length.").variadic(),
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
                        "Extract a slice from a string (by bytes, as the original), byte array or array value. Negative indexes count from the end.")
                        .param(Param.int64("low", "The low bound, which is the first element of the selection."))
                        .param(Param.int64("high", "An optional high bound.").optional()),
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
                        "Merge a source object into an existing destination object. When a collision is found within the merged structures both values are collected into an array.")
                        .param(Param.any("with", "A value to merge the target value with.")),
                args -> {
                    Object with = args.get("with");
                    return (v, ctx) -> merge(v, with, false);
                });

        lib.addValueMethod(MethodSpec.of("assign", Category.OBJECTS_AND_ARRAYS,
                        "Merge a source object into an existing destination object. When a collision is found the value of the source replaces the destination.")
                        .param(Param.any("with", "A value to merge the target value with.")),
                args -> {
                    Object with = args.get("with");
                    return (v, ctx) -> merge(v, with, true);
                });

        lib.addValueMethod(MethodSpec.of("squash", Category.OBJECTS_AND_ARRAYS,
                        "Squashes an array of objects into a single object, where key collisions result in the values being merged (following the same rules as merge)."),
                args -> (v, ctx) -> {
                    Object out = new LinkedHashMap<String, Object>();
                    for (Object e : Values.asArray(v)) {
                        if (!(e instanceof Map)) throw Values.typeError(e, "object");
                        out = merge(out, e, false);
                    }
                    return out;
                });

        lib.addValueMethod(MethodSpec.of("without", Category.OBJECTS_AND_ARRAYS,
                        "Returns an object where one or more field path arguments are removed.").variadic(),
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
                        "Returns an object where all but one or more field path arguments are removed.").variadic(),
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
                        "Collapse an array or object into an object of key/value pairs for each field, where the key is the full path of the structured field in dot path notation. Empty structures are omitted unless include_empty is true.")
                        .param(Param.bool("include_empty", "Whether to include empty objects and arrays in the resulting object.").withDefault(false)),
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
                        "Explodes an array or object at a field path: one copy of the document per element of the array (or per key of the object).")
                        .param(Param.string("path", "A dot path to a field to explode.")),
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
                        "Create a diff by comparing the current value with the given one. Wraps the changes in a changelog of Type, Path, From and To.")
                        .param(Param.any("other", "The value to compare against.")),
                args -> {
                    Object other = args.get("other");
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        Diffs.diff(v, other, new ArrayList<>(), out);
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("patch", Category.OBJECTS_AND_ARRAYS,
                        "Create a new value by applying a changelog (as produced by diff) to the current value.")
                        .param(Param.any("changelog", "The changelog to apply.")),
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
                        "Sum the numerical values of an array. Integers stay exact; any float makes the sum a float."),
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
