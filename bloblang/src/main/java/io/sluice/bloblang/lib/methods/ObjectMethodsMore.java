package io.sluice.bloblang.lib.methods;

import io.sluice.core.regex.Regex;
import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Structured;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Object and array methods beyond the core set: {@code json_path} (Goessner JSONPath with filter
 * expressions) and {@code json_schema} (validation with the original's error texts).
 */
public final class ObjectMethodsMore implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("json_path", Category.OBJECTS_AND_ARRAYS,
                        "Evaluates a JSONPath expression on the value: `$` is the value, `.name` and `[0]` step down, "
                                + "`..name` searches every depth, `[*]` takes all elements and `[?(@.price < 10)]` filters. A "
                                + "search or filter gives an array, a plain path the single value it reaches; a plain path that "
                                + "leads nowhere is an error.")
                .status(Status.EXPERIMENTAL)
                .param(Param.string("expression", "The JSONPath expression, starting with `$`."))
                .example(Example.of("", "root.names = this.json_path(\"$..name\")\nroot.cheap = this.json_path(\"$.items[?(@.price < 10)].name\")\nroot.first = this.json_path(\"$.items[0].name\")",
                        "{\"shop\":{\"name\":\"corner\"},\"items\":[{\"name\":\"pen\",\"price\":2},{\"name\":\"lamp\",\"price\":30}]}", "{\"names\":[\"pen\",\"lamp\",\"corner\"],\"cheap\":[\"pen\"],\"first\":\"pen\"}")),
                args -> {
                    JsonPath path = JsonPath.compile(args.string("expression"));
                    return (v, ctx) -> path.evaluate(v);
                });

        lib.addValueMethod(MethodSpec.of("json_schema", Category.OBJECTS_AND_ARRAYS,
                        "Validates the value against a JSON Schema (drafts 4 to 7) and passes it through when it "
                                + "conforms. When it does not, the mapping fails with one line per problem, each naming the field, "
                                + "such as `id invalid type. expected: integer, given: string`.")
                .status(Status.BETA)
                .param(Param.string("schema", "The schema as JSON text, parsed once when the mapping is compiled."))
                .example(Example.of("", "root = this.json_schema(\"\"\"{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"integer\"}}}\"\"\")",
                        "{\"id\":7}", "{\"id\":7}",
                        "{\"id\":\"7\"}", "Error(\"id invalid type. expected: integer, given: string\")",
                        "{\"name\":\"ada\"}", "Error(\"(root) id is required\")")),
                args -> {
                    Object schema;
                    try {
                        schema = Structured.parseJson(args.string("schema"));
                    } catch (MessageParseException e) {
                        throw new IllegalArgumentException("failed to parse json schema definition: " + e.getMessage().replace("failed to parse message as JSON: ", ""));
                    }
                    JsonSchema validator = new JsonSchema(schema);
                    return (v, ctx) -> {
                        List<String> errors = validator.validate(v);
                        if (!errors.isEmpty()) throw new QueryException(String.join("\n", errors));
                        return v;
                    };
                });
    }

    /**
     * A JSON schema validator covering the keywords of drafts 4 to 7 that matter in practice. Messages
     * follow the original's format: the field path ({@code (root)} at the top), a space, and the
     * lower-cased description, e.g. {@code foo invalid type. expected: string, given: integer}.
     */
    static final class JsonSchema {
        private final Object root;
        private final java.util.concurrent.ConcurrentHashMap<String, Regex> regexCache = new java.util.concurrent.ConcurrentHashMap<>();

        JsonSchema(Object root) {
            if (!(root instanceof Map) && !(root instanceof Boolean)) {
                throw new IllegalArgumentException("failed to parse json schema definition: schema is invalid");
            }
            this.root = root;
        }

        List<String> validate(Object value) {
            List<String> errors = new ArrayList<>();
            check(root, Values.normalize(value), "(root)", errors);
            return errors;
        }

        private void error(List<String> errors, String field, String description, String property) {
            String d = description.toLowerCase(Locale.ROOT);
            if (property != null) {
                String lp = property.toLowerCase(Locale.ROOT);
                d = property + (d.startsWith(lp) ? d.substring(lp.length()) : d);
            }
            errors.add(field + " " + d);
        }

        private static String child(String field, String key) {
            return field.equals("(root)") ? key : field + "." + key;
        }

        @SuppressWarnings("unchecked")
        private Object resolve(Object schema) {
            if (schema instanceof Map<?, ?> m && m.get("$ref") instanceof String ref) {
                if (ref.equals("#")) return root;
                if (ref.startsWith("#/")) {
                    Object cur = root;
                    for (String part : ref.substring(2).split("/")) {
                        part = part.replace("~1", "/").replace("~0", "~");
                        if (!(cur instanceof Map<?, ?> cm) || !cm.containsKey(part)) return Map.of();
                        cur = ((Map<String, Object>) cm).get(part);
                    }
                    return cur;
                }
            }
            return schema;
        }

        @SuppressWarnings("unchecked")
        private void check(Object schemaNode, Object v, String field, List<String> errors) {
            Object resolved = resolve(schemaNode);
            if (resolved instanceof Boolean b) {
                if (!b) error(errors, field, "False always fails validation", null);
                return;
            }
            if (!(resolved instanceof Map)) return;
            Map<String, Object> s = (Map<String, Object>) resolved;

            if (s.containsKey("type")) {
                List<Object> types = s.get("type") instanceof List<?> l ? (List<Object>) l : List.of(s.get("type"));
                boolean ok = false;
                for (Object t : types) ok |= isType(v, String.valueOf(t));
                if (!ok) {
                    List<String> names = new ArrayList<>();
                    for (Object t : types) names.add(String.valueOf(t));
                    error(errors, field, "Invalid type. Expected: " + String.join(", ", names) + ", given: " + typeOf(v), null);
                    return;
                }
            }
            if (s.containsKey("enum") && s.get("enum") instanceof List<?> allowed) {
                boolean found = false;
                for (Object a : allowed) found |= Values.equal(a, v);
                if (!found) {
                    List<String> shown = new ArrayList<>();
                    for (Object a : allowed) shown.add(Values.toJson(a));
                    error(errors, field, field + " must be one of the following: " + String.join(", ", shown), null);
                }
            }
            if (s.containsKey("const") && !Values.equal(s.get("const"), v)) {
                error(errors, field, field + " does not match: " + Values.toJson(s.get("const")), null);
            }
            if (v instanceof String str) checkString(s, str, field, errors);
            if (v instanceof Number n) checkNumber(s, n, field, errors);
            if (v instanceof List<?> l) checkArray(s, (List<Object>) l, field, errors);
            if (v instanceof Map<?, ?> m) checkObject(s, (Map<String, Object>) m, field, errors);

            if (s.get("allOf") instanceof List<?> all) {
                List<String> sub = new ArrayList<>();
                for (Object a : all) check(a, v, field, sub);
                if (!sub.isEmpty()) {
                    error(errors, field, "Must validate all the schemas (allOf)", null);
                    errors.addAll(sub);
                }
            }
            if (s.get("anyOf") instanceof List<?> any) {
                boolean ok = false;
                for (Object a : any) {
                    List<String> sub = new ArrayList<>();
                    check(a, v, field, sub);
                    ok |= sub.isEmpty();
                }
                if (!ok) error(errors, field, "Must validate at least one schema (anyOf)", null);
            }
            if (s.get("oneOf") instanceof List<?> one) {
                int passed = 0;
                for (Object a : one) {
                    List<String> sub = new ArrayList<>();
                    check(a, v, field, sub);
                    if (sub.isEmpty()) passed++;
                }
                if (passed != 1) error(errors, field, "Must validate one and only one schema (oneOf)", null);
            }
            if (s.containsKey("not")) {
                List<String> sub = new ArrayList<>();
                check(s.get("not"), v, field, sub);
                if (sub.isEmpty()) error(errors, field, "Must not validate the schema (not)", null);
            }
            if (s.containsKey("if")) {
                List<String> sub = new ArrayList<>();
                check(s.get("if"), v, field, sub);
                if (sub.isEmpty() && s.containsKey("then")) check(s.get("then"), v, field, errors);
                if (!sub.isEmpty() && s.containsKey("else")) check(s.get("else"), v, field, errors);
            }
        }

        private void checkString(Map<String, Object> s, String str, String field, List<String> errors) {
            int len = str.codePointCount(0, str.length());
            if (s.get("minLength") instanceof Number min && len < min.longValue()) {
                error(errors, field, "String length must be greater than or equal to " + min, null);
            }
            if (s.get("maxLength") instanceof Number max && len > max.longValue()) {
                error(errors, field, "String length must be less than or equal to " + max, null);
            }
            if (s.get("pattern") instanceof String p) {
                if (!regexCache.computeIfAbsent(p, Regex::compile).find(str)) {
                    error(errors, field, "Does not match pattern '" + p + "'", null);
                }
            }
            if (s.get("format") instanceof String f && !formatOk(f, str)) {
                error(errors, field, "Does not match format '" + f + "'", null);
            }
        }

        private static boolean formatOk(String format, String s) {
            try {
                return switch (format) {
                    case "date-time" -> {
                        Values.parseRfc3339(s);
                        yield true;
                    }
                    case "date" -> {
                        java.time.LocalDate.parse(s);
                        yield true;
                    }
                    case "email" -> s.matches("^[^@\\s]+@[^@\\s]+$");
                    case "ipv4" -> s.matches("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
                    case "ipv6" -> s.contains(":") && java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
                    case "uri" -> new java.net.URI(s).isAbsolute();
                    case "uuid" -> s.matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
                    default -> true;
                };
            } catch (Exception e) {
                return false;
            }
        }

        private void checkNumber(Map<String, Object> s, Number n, String field, List<String> errors) {
            BigDecimal v = Values.toBigDecimal(n);
            if (s.get("minimum") instanceof Number min) {
                boolean exclusive = Boolean.TRUE.equals(s.get("exclusiveMinimum"));
                int c = v.compareTo(Values.toBigDecimal(min));
                if (exclusive ? c <= 0 : c < 0) {
                    error(errors, field, (exclusive ? "Must be greater than " : "Must be greater than or equal to ") + Values.toText(min), null);
                }
            }
            if (s.get("maximum") instanceof Number max) {
                boolean exclusive = Boolean.TRUE.equals(s.get("exclusiveMaximum"));
                int c = v.compareTo(Values.toBigDecimal(max));
                if (exclusive ? c >= 0 : c > 0) {
                    error(errors, field, (exclusive ? "Must be less than " : "Must be less than or equal to ") + Values.toText(max), null);
                }
            }
            if (s.get("exclusiveMinimum") instanceof Number min && v.compareTo(Values.toBigDecimal(min)) <= 0) {
                error(errors, field, "Must be greater than " + Values.toText(min), null);
            }
            if (s.get("exclusiveMaximum") instanceof Number max && v.compareTo(Values.toBigDecimal(max)) >= 0) {
                error(errors, field, "Must be less than " + Values.toText(max), null);
            }
            if (s.get("multipleOf") instanceof Number m && Values.toBigDecimal(m).signum() != 0
                    && v.remainder(Values.toBigDecimal(m)).signum() != 0) {
                error(errors, field, "Must be a multiple of " + Values.toText(m), null);
            }
        }

        private void checkArray(Map<String, Object> s, List<Object> l, String field, List<String> errors) {
            if (s.get("minItems") instanceof Number min && l.size() < min.longValue()) {
                error(errors, field, "Array must have at least " + min + " items", null);
            }
            if (s.get("maxItems") instanceof Number max && l.size() > max.longValue()) {
                error(errors, field, "Array must have at most " + max + " items", null);
            }
            if (Boolean.TRUE.equals(s.get("uniqueItems"))) {
                outer:
                for (int i = 0; i < l.size(); i++) {
                    for (int j = i + 1; j < l.size(); j++) {
                        if (Values.equal(l.get(i), l.get(j))) {
                            error(errors, field, "array items[" + i + "," + j + "] must be unique", null);
                            break outer;
                        }
                    }
                }
            }
            Object items = s.get("items");
            if (items instanceof List<?> tuple) {
                for (int i = 0; i < l.size() && i < tuple.size(); i++) check(tuple.get(i), Values.normalize(l.get(i)), child(field, Integer.toString(i)), errors);
                Object extra = s.get("additionalItems");
                if (Boolean.FALSE.equals(extra) && l.size() > tuple.size()) {
                    error(errors, field, "No additional items allowed on array", null);
                } else if (extra instanceof Map) {
                    for (int i = tuple.size(); i < l.size(); i++) check(extra, Values.normalize(l.get(i)), child(field, Integer.toString(i)), errors);
                }
            } else if (items != null) {
                for (int i = 0; i < l.size(); i++) check(items, Values.normalize(l.get(i)), child(field, Integer.toString(i)), errors);
            }
            if (s.containsKey("contains")) {
                boolean found = false;
                for (Object e : l) {
                    List<String> sub = new ArrayList<>();
                    check(s.get("contains"), Values.normalize(e), field, sub);
                    found |= sub.isEmpty();
                }
                if (!found) error(errors, field, "At least one of the items must match", null);
            }
        }

        @SuppressWarnings("unchecked")
        private void checkObject(Map<String, Object> s, Map<String, Object> m, String field, List<String> errors) {
            if (s.get("required") instanceof List<?> req) {
                for (Object r : req) {
                    String name = String.valueOf(r);
                    if (!m.containsKey(name)) error(errors, field, name + " is required", name);
                }
            }
            if (s.get("minProperties") instanceof Number min && m.size() < min.longValue()) {
                error(errors, field, "Must have at least " + min + " properties", null);
            }
            if (s.get("maxProperties") instanceof Number max && m.size() > max.longValue()) {
                error(errors, field, "Must have at most " + max + " properties", null);
            }
            Map<String, Object> props = s.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
            Map<String, Object> patterns = s.get("patternProperties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
            Object additional = s.get("additionalProperties");
            for (Map.Entry<String, Object> e : new TreeMap<>(m).entrySet()) {
                String key = e.getKey();
                Object value = Values.normalize(e.getValue());
                boolean matched = false;
                if (props.containsKey(key)) {
                    matched = true;
                    check(props.get(key), value, child(field, key), errors);
                }
                for (Map.Entry<String, Object> pp : patterns.entrySet()) {
                    if (regexCache.computeIfAbsent(pp.getKey(), Regex::compile).find(key)) {
                        matched = true;
                        check(pp.getValue(), value, child(field, key), errors);
                    }
                }
                if (!matched) {
                    if (Boolean.FALSE.equals(additional)) {
                        error(errors, field, "Additional property " + key + " is not allowed", key);
                    } else if (additional instanceof Map) {
                        check(additional, value, child(field, key), errors);
                    }
                }
                if (s.get("propertyNames") != null) {
                    List<String> sub = new ArrayList<>();
                    check(s.get("propertyNames"), key, field, sub);
                    if (!sub.isEmpty()) error(errors, field, "Property name of \"" + key + "\" does not match", null);
                }
            }
            if (s.get("dependencies") instanceof Map<?, ?> deps) {
                for (Map.Entry<?, ?> d : deps.entrySet()) {
                    if (!m.containsKey(String.valueOf(d.getKey()))) continue;
                    if (d.getValue() instanceof List<?> needed) {
                        for (Object n : needed) {
                            if (!m.containsKey(String.valueOf(n))) error(errors, field, "Has a dependency on " + n, null);
                        }
                    } else {
                        check(d.getValue(), m, field, errors);
                    }
                }
            }
        }

        private static boolean isType(Object v, String type) {
            return switch (type) {
                case "string" -> v instanceof String;
                case "integer" -> Values.isInteger(v) || (v instanceof Number n && isWhole(n));
                case "number" -> v instanceof Number;
                case "boolean" -> v instanceof Boolean;
                case "null" -> v == null;
                case "array" -> v instanceof List;
                case "object" -> v instanceof Map;
                default -> false;
            };
        }

        private static boolean isWhole(Number n) {
            double d = n.doubleValue();
            return !Double.isInfinite(d) && !Double.isNaN(d) && d == Math.rint(d);
        }

        private static String typeOf(Object v) {
            if (v == null) return "null";
            if (v instanceof String) return "string";
            if (v instanceof Boolean) return "boolean";
            if (v instanceof Number n) return Values.isInteger(n) || isWhole(n) ? "integer" : "number";
            if (v instanceof List) return "array";
            if (v instanceof Map) return "object";
            return "string";
        }
    }

    /**
     * Goessner JSONPath: {@code $}, {@code .key}, {@code ['key']}, {@code [n]}, {@code [*]}, {@code ..},
     * unions, slices and {@code [?(expr)]} filters. A path that can only select one value returns it
     * (a missing key is an error); wildcards, descents, slices, unions and filters return an array.
     */
    static final class JsonPath {
        private final String source;
        private final List<Step> steps;
        private final boolean definite;

        private JsonPath(String source, List<Step> steps) {
            this.source = source;
            this.steps = steps;
            boolean d = true;
            for (Step st : steps) d &= st.definite();
            this.definite = d;
        }

        /** One selector applied to each current node. */
        private interface Step {
            void select(Object node, Object root, List<Object> out);

            default boolean definite() {
                return false;
            }
        }

        private record Key(String name) implements Step {
            public void select(Object node, Object root, List<Object> out) {
                if (node instanceof Map<?, ?> m && m.containsKey(name)) out.add(m.get(name));
            }

            public boolean definite() {
                return true;
            }
        }

        private record Index(int index) implements Step {
            public void select(Object node, Object root, List<Object> out) {
                if (node instanceof List<?> l) {
                    int i = index < 0 ? l.size() + index : index;
                    if (i >= 0 && i < l.size()) out.add(l.get(i));
                }
            }

            public boolean definite() {
                return true;
            }
        }

        private record Wildcard() implements Step {
            public void select(Object node, Object root, List<Object> out) {
                if (node instanceof Map<?, ?> m) {
                    for (Object k : new TreeMap<>(m).keySet()) out.add(m.get(k));
                } else if (node instanceof List<?> l) {
                    out.addAll(l);
                }
            }
        }

        private record Union(List<Step> parts) implements Step {
            public void select(Object node, Object root, List<Object> out) {
                for (Step p : parts) p.select(node, root, out);
            }
        }

        private record Slice(Integer start, Integer end, int step) implements Step {
            public void select(Object node, Object root, List<Object> out) {
                if (!(node instanceof List<?> l) || step == 0) return;
                int n = l.size();
                int s = start == null ? (step > 0 ? 0 : n - 1) : (start < 0 ? Math.max(0, n + start) : Math.min(start, n));
                int e = end == null ? (step > 0 ? n : -1) : (end < 0 ? Math.max(-1, n + end) : Math.min(end, n));
                if (step > 0) {
                    for (int i = s; i < e; i += step) out.add(l.get(i));
                } else {
                    for (int i = Math.min(s, n - 1); i > e; i += step) out.add(l.get(i));
                }
            }
        }

        private record Filter(Expr expr) implements Step {
            public void select(Object node, Object root, List<Object> out) {
                List<Object> candidates = new ArrayList<>();
                if (node instanceof Map<?, ?> m) {
                    for (Object k : new TreeMap<>(m).keySet()) candidates.add(m.get(k));
                } else if (node instanceof List<?> l) {
                    candidates.addAll(l);
                }
                for (Object c : candidates) {
                    if (truthy(expr.eval(c, root))) out.add(c);
                }
            }
        }

        /** {@code ..}: the following step applied to the node and every descendant, depth first. */
        private record Descend(Step next) implements Step {
            public void select(Object node, Object root, List<Object> out) {
                next.select(node, root, out);
                if (node instanceof Map<?, ?> m) {
                    for (Object k : new TreeMap<>(m).keySet()) select(m.get(k), root, out);
                } else if (node instanceof List<?> l) {
                    for (Object e : l) select(e, root, out);
                }
            }
        }

        static JsonPath compile(String expr) {
            Parser p = new Parser(expr);
            try {
                return new JsonPath(expr, p.path());
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("failed to compile JSON path expression " + Values.goQuote(expr) + ": " + e.getMessage());
            }
        }

        Object evaluate(Object value) {
            List<Object> current = new ArrayList<>();
            current.add(value);
            for (Step st : steps) {
                List<Object> next = new ArrayList<>();
                for (Object node : current) {
                    int before = next.size();
                    st.select(node, value, next);
                    if (definite && next.size() == before) {
                        if (st instanceof Key k) throw new QueryException("unknown key " + k.name());
                        if (st instanceof Index i) throw new QueryException("index " + i.index() + " out of bounds");
                    }
                }
                current = next;
            }
            if (definite) return current.isEmpty() ? null : current.get(0);
            return current;
        }

        @Override
        public String toString() {
            return source;
        }

        // ---- filter expressions ----

        /** A filter expression evaluated against the current element ({@code @}) and the document ({@code $}). */
        private interface Expr {
            Object eval(Object current, Object root);
        }

        private static boolean truthy(Object v) {
            if (v instanceof Boolean b) return b;
            if (v == null) return false;
            if (v instanceof Number n) return n.doubleValue() != 0;
            if (v instanceof String s) return !s.isEmpty();
            return true;
        }

        private static int compare(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) return Values.toBigDecimal(x).compareTo(Values.toBigDecimal(y));
            if (a instanceof String x && b instanceof String y) return x.compareTo(y);
            throw new QueryException("cannot compare " + Values.typeName(a) + " with " + Values.typeName(b));
        }

        private static final class Parser {
            private final String s;
            private int i;

            Parser(String s) {
                this.s = s;
            }

            private boolean eat(String t) {
                skipSpaces();
                if (s.startsWith(t, i)) {
                    i += t.length();
                    return true;
                }
                return false;
            }

            private void expect(String t) {
                if (!eat(t)) throw new IllegalArgumentException("expected " + Values.goQuote(t) + " at position " + i + " of " + Values.goQuote(s));
            }

            private void skipSpaces() {
                while (i < s.length() && s.charAt(i) == ' ') i++;
            }

            List<Step> path() {
                skipSpaces();
                if (!eat("$")) throw new IllegalArgumentException("failed to compile JSON path expression " + Values.goQuote(s) + ": expected '$'");
                List<Step> steps = steps();
                skipSpaces();
                if (i < s.length()) throw new IllegalArgumentException("unexpected " + Values.goQuote(s.substring(i)) + " in JSON path " + Values.goQuote(s));
                return steps;
            }

            List<Step> steps() {
                List<Step> steps = new ArrayList<>();
                while (i < s.length()) {
                    if (s.startsWith("..", i)) {
                        i += 2;
                        Step next;
                        if (i < s.length() && s.charAt(i) == '[') {
                            next = bracket();
                        } else if (eat("*")) {
                            next = new Wildcard();
                        } else {
                            next = new Key(name());
                        }
                        steps.add(new Descend(next));
                    } else if (s.charAt(i) == '.') {
                        i++;
                        if (eat("*")) steps.add(new Wildcard());
                        else steps.add(new Key(name()));
                    } else if (s.charAt(i) == '[') {
                        steps.add(bracket());
                    } else {
                        break;
                    }
                }
                return steps;
            }

            private String name() {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-' || s.charAt(i) > 127)) i++;
                if (i == start) throw new IllegalArgumentException("expected a key name at position " + i + " of " + Values.goQuote(s));
                return s.substring(start, i);
            }

            private Step bracket() {
                expect("[");
                skipSpaces();
                if (eat("?")) {
                    expect("(");
                    Expr e = or();
                    expect(")");
                    expect("]");
                    return new Filter(e);
                }
                if (eat("*")) {
                    expect("]");
                    return new Wildcard();
                }
                List<Step> parts = new ArrayList<>();
                do {
                    skipSpaces();
                    char c = i < s.length() ? s.charAt(i) : 0;
                    if (c == '\'' || c == '"') {
                        parts.add(new Key(quoted()));
                    } else {
                        Integer a = optionalInt();
                        if (eat(":")) {
                            Integer b = optionalInt();
                            int step = 1;
                            if (eat(":")) {
                                Integer st = optionalInt();
                                step = st == null ? 1 : st;
                            }
                            parts.add(new Slice(a, b, step));
                        } else {
                            if (a == null) throw new IllegalArgumentException("unexpected " + Values.goQuote(s.substring(i)) + " in JSON path " + Values.goQuote(s));
                            parts.add(new Index(a));
                        }
                    }
                } while (eat(","));
                expect("]");
                return parts.size() == 1 ? parts.get(0) : new Union(parts);
            }

            private Integer optionalInt() {
                skipSpaces();
                int start = i;
                if (i < s.length() && s.charAt(i) == '-') i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (i == start || (i == start + 1 && s.charAt(start) == '-')) {
                    i = start;
                    return null;
                }
                return Integer.parseInt(s.substring(start, i));
            }

            private String quoted() {
                char q = s.charAt(i++);
                StringBuilder sb = new StringBuilder();
                while (i < s.length() && s.charAt(i) != q) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < s.length()) c = s.charAt(i++);
                    sb.append(c);
                }
                if (i >= s.length()) throw new IllegalArgumentException("unterminated string in JSON path " + Values.goQuote(s));
                i++;
                return sb.toString();
            }

            private Expr or() {
                Expr left = and();
                while (eat("||")) {
                    Expr l = left;
                    Expr r = and();
                    left = (c, root) -> truthy(l.eval(c, root)) || truthy(r.eval(c, root));
                }
                return left;
            }

            private Expr and() {
                Expr left = comparison();
                while (eat("&&")) {
                    Expr l = left;
                    Expr r = comparison();
                    left = (c, root) -> truthy(l.eval(c, root)) && truthy(r.eval(c, root));
                }
                return left;
            }

            private Expr comparison() {
                Expr left = additive();
                for (String op : new String[]{"==", "!=", "<=", ">=", "=~", "<", ">"}) {
                    if (eat(op)) {
                        Expr l = left;
                        Expr r = additive();
                        return switch (op) {
                            case "==" -> (c, root) -> Values.equal(l.eval(c, root), r.eval(c, root));
                            case "!=" -> (c, root) -> !Values.equal(l.eval(c, root), r.eval(c, root));
                            case "<=" -> (c, root) -> safeCompare(l.eval(c, root), r.eval(c, root), x -> x <= 0);
                            case ">=" -> (c, root) -> safeCompare(l.eval(c, root), r.eval(c, root), x -> x >= 0);
                            case "<" -> (c, root) -> safeCompare(l.eval(c, root), r.eval(c, root), x -> x < 0);
                            case ">" -> (c, root) -> safeCompare(l.eval(c, root), r.eval(c, root), x -> x > 0);
                            default -> {
                                java.util.Map<String, Regex> cache = new java.util.concurrent.ConcurrentHashMap<>();
                                yield (c, root) -> {
                                    Object a = l.eval(c, root);
                                    Object b = r.eval(c, root);
                                    return a instanceof String as && b instanceof String bs
                                            && cache.computeIfAbsent(bs, Regex::compile).find(as);
                                };
                            }
                        };
                    }
                }
                return left;
            }

            private static boolean safeCompare(Object a, Object b, java.util.function.IntPredicate test) {
                if (a == null || b == null) return false;
                if (!(a instanceof Number && b instanceof Number) && !(a instanceof String && b instanceof String)) return false;
                return test.test(compare(a, b));
            }

            private Expr additive() {
                Expr left = unary();
                while (true) {
                    skipSpaces();
                    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && !s.startsWith("->", i)) {
                        char op = s.charAt(i++);
                        Expr l = left;
                        Expr r = unary();
                        left = (c, root) -> arithmetic(op, l.eval(c, root), r.eval(c, root));
                    } else if (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '/' || s.charAt(i) == '%')) {
                        char op = s.charAt(i++);
                        Expr l = left;
                        Expr r = unary();
                        left = (c, root) -> arithmetic(op, l.eval(c, root), r.eval(c, root));
                    } else {
                        return left;
                    }
                }
            }

            private static Object arithmetic(char op, Object a, Object b) {
                if (op == '+' && a instanceof String as) return as + Values.toText(b);
                if (!(a instanceof Number x) || !(b instanceof Number y)) return null;
                double l = x.doubleValue();
                double r = y.doubleValue();
                return switch (op) {
                    case '+' -> l + r;
                    case '-' -> l - r;
                    case '*' -> l * r;
                    case '/' -> l / r;
                    default -> l % r;
                };
            }

            private Expr unary() {
                if (eat("!")) {
                    Expr e = unary();
                    return (c, root) -> !truthy(e.eval(c, root));
                }
                return primary();
            }

            private Expr primary() {
                skipSpaces();
                if (i >= s.length()) throw new IllegalArgumentException("unexpected end of JSON path " + Values.goQuote(s));
                char c = s.charAt(i);
                if (c == '(') {
                    i++;
                    Expr e = or();
                    expect(")");
                    return e;
                }
                if (c == '@' || c == '$') {
                    i++;
                    List<Step> steps = steps();
                    JsonPath sub = new JsonPath(s, steps);
                    boolean fromRoot = c == '$';
                    return (cur, root) -> {
                        try {
                            return sub.evaluate(fromRoot ? root : cur);
                        } catch (QueryException missing) {
                            return null;
                        }
                    };
                }
                if (c == '\'' || c == '"') {
                    String lit = quoted();
                    return (cur, root) -> lit;
                }
                if (s.startsWith("true", i)) {
                    i += 4;
                    return (cur, root) -> true;
                }
                if (s.startsWith("false", i)) {
                    i += 5;
                    return (cur, root) -> false;
                }
                if (s.startsWith("null", i) || s.startsWith("nil", i)) {
                    i += s.startsWith("null", i) ? 4 : 3;
                    return (cur, root) -> null;
                }
                int start = i;
                if (c == '-') i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) i++;
                if (i == start) throw new IllegalArgumentException("unexpected " + Values.goQuote(s.substring(i)) + " in JSON path " + Values.goQuote(s));
                String num = s.substring(start, i);
                Object value = num.contains(".") || num.contains("e") || num.contains("E") ? (Object) Double.parseDouble(num) : (Object) Long.parseLong(num);
                return (cur, root) -> value;
            }
        }
    }
}
