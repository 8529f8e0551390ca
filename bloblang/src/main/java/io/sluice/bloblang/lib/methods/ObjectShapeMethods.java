package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.query.Paths;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.sluice.bloblang.lib.methods.ElementQueryMethods.keyValue;
import static io.sluice.bloblang.lib.methods.SearchMethods.exists;

/**
 * Methods of the "Object &amp; Array Manipulation" category that reshape objects: keys and values,
 * merging, picking and dropping paths, collapsing to dot paths and back, diffs and patches. Inputs
 * are never modified: every method that changes a structure works on a copy.
 */
public final class ObjectShapeMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
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

    /** The original's merge: objects merge recursively; collisions collect both values in an array (or overwrite for assign). */
    @SuppressWarnings("unchecked")
    private static Object merge(Object target, Object with, boolean overwrite) {
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
    private static void setPath(Object root, String[] path, Object value) {
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
}
