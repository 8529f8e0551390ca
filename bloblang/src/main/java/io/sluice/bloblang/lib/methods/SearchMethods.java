package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.query.Paths;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sluice.bloblang.lib.methods.ElementQueryMethods.testElement;

/**
 * Methods of the "Object &amp; Array Manipulation" category that look into a structure: membership,
 * paths, and the positions of matching elements.
 */
public final class SearchMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
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
}
