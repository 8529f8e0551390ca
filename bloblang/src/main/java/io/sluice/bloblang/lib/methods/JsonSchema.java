package io.sluice.bloblang.lib.methods;

import io.sluice.core.regex.Regex;
import io.sluice.bloblang.lib.Values;

import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JSON schema validator covering the keywords of drafts 4 to 7 that matter in practice. Messages
 * follow the original's format: the field path ({@code (root)} at the top), a space, and the
 * lower-cased description, e.g. {@code foo invalid type. expected: string, given: integer}.
 */
final class JsonSchema {
    private final Object root;
    private final ConcurrentHashMap<String, Regex> regexCache = new ConcurrentHashMap<>();

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
                    LocalDate.parse(s);
                    yield true;
                }
                case "email" -> s.matches("^[^@\\s]+@[^@\\s]+$");
                case "ipv4" -> s.matches("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
                case "ipv6" -> s.contains(":") && InetAddress.getByName(s) instanceof Inet6Address;
                case "uri" -> new URI(s).isAbsolute();
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
