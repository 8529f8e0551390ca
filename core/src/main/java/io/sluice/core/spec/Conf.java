package io.sluice.core.spec;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.Position;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Structured;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A component's config, read through its spec: getters return the value or the spec's default.
 * Configs are validated by {@link ConfigValidator} before components see them, so getters only
 * fail on programming errors (asking for a field the spec does not declare).
 */
public final class Conf {
    private final ConfigNode node;   // null when absent
    private final FieldSpec spec;
    private final String path;
    private final Position fallbackPos;
    private final ConfContext ctx;    // null when read without one: then interpolations and mappings cannot be parsed

    public Conf(ConfigNode node, FieldSpec spec, String path, Position fallbackPos, ConfContext ctx) {
        this.node = node;
        this.spec = spec;
        this.path = path;
        this.fallbackPos = fallbackPos;
        this.ctx = ctx;
    }

    public ConfigNode node() {
        return node;
    }

    public FieldSpec spec() {
        return spec;
    }

    public String path() {
        return path;
    }

    public Position position() {
        return node != null ? node.pos() : fallbackPos;
    }

    /** What this config is read in; a component's factory gets its {@code ComponentContext} here. */
    public ConfContext context() {
        return ctx;
    }

    public Conf withContext(ConfContext c) {
        return new Conf(node, spec, path, fallbackPos, c);
    }

    /**
     * A config error at this field, for what the spec cannot say (a file that cannot be read, a URL
     * that does not parse, a rule joining fields). Thrown by the caller: {@code throw conf.invalid("...")}.
     */
    public ConfigException invalid(String message) {
        return new ConfigException(position(), path, message);
    }

    /** A config error at the child field {@code name} (at its value, or at this object when it is absent). */
    public ConfigException invalid(String name, String message) {
        // Never fails itself: an error about a field the spec does not declare still reads well.
        if (spec.child(name).isEmpty()) return new ConfigException(position(), childPath(name), message);
        return child(name).invalid(message);
    }

    // ---- navigation ----

    private FieldSpec childSpec(String name) {
        return spec.child(name).orElseThrow(() -> new IllegalArgumentException(
                "field '" + name + "' is not declared in the spec at " + (path.isEmpty() ? "<root>" : path)));
    }

    private ConfigNode childNode(String name) {
        if (node instanceof ConfigNode.MapNode m) return m.get(name);
        return null;
    }

    private String childPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The field's config (present or not; getters on it fall back to defaults). */
    public Conf child(String name) {
        ConfigNode c = childNode(name);
        if (c instanceof ConfigNode.ScalarNode s && s.isNull()) c = null;
        return new Conf(c, childSpec(name), childPath(name), position(), ctx);
    }

    /** True when the config sets this field explicitly (to anything but null). */
    public boolean isSet(String name) {
        ConfigNode c = childNode(name);
        return c != null && !(c instanceof ConfigNode.ScalarNode s && s.isNull());
    }

    public boolean isPresent() {
        return node != null && !(node instanceof ConfigNode.ScalarNode s && s.isNull());
    }

    /** The elements of an array field, each as a Conf of the element spec. */
    public List<Conf> list(String name) {
        return child(name).elements();
    }

    /** When this Conf is an array: its elements. */
    public List<Conf> elements() {
        List<Conf> out = new ArrayList<>();
        ConfigNode n = node;
        if (n == null && spec.hasDefault()) n = ConfigNode.fromPlain(spec.defaultValue(), position());
        if (n instanceof ConfigNode.ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                out.add(new Conf(l.items().get(i), spec.element(), path + "." + i, l.items().get(i).pos(), ctx));
            }
        }
        return out;
    }

    /** When this Conf is a map: its entries, each value as a Conf of the element spec. */
    public Map<String, Conf> entries() {
        Map<String, Conf> out = new LinkedHashMap<>();
        ConfigNode n = node;
        if (n == null && spec.hasDefault()) n = ConfigNode.fromPlain(spec.defaultValue(), position());
        if (n instanceof ConfigNode.MapNode m) {
            m.entries().forEach((k, e) -> out.put(k, new Conf(e.value(), spec.element(), path + "." + k, e.value().pos(), ctx)));
        }
        return out;
    }

    // ---- scalar values of this Conf ----

    /** The value as plain Java (maps, lists, scalars), or the default. */
    public Object value() {
        if (isPresent()) return node.toPlain();
        return spec.defaultValue();
    }

    public String asString() {
        if (isPresent() && node instanceof ConfigNode.ScalarNode s) {
            return s.value() instanceof String str ? str : s.text();
        }
        Object v = value();
        return v == null ? null : Structured.toText(v);
    }

    public long asLong() {
        Object v = value();
        if (v instanceof Number n) return n.longValue();
        if (v instanceof String s) return Long.parseLong(s.trim());
        throw new IllegalStateException(path + ": no value");
    }

    public double asDouble() {
        Object v = value();
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) return Double.parseDouble(s.trim());
        throw new IllegalStateException(path + ": no value");
    }

    public boolean asBool() {
        Object v = value();
        if (v instanceof Boolean b) return b;
        if (v instanceof String s) return Boolean.parseBoolean(s.trim());
        return false;
    }

    public Duration asDuration() {
        String s = asString();
        return s == null || s.isEmpty() ? Duration.ZERO : Durations.parse(s);
    }

    // ---- typed getters of children ----

    public String string(String name) {
        return child(name).asString();
    }

    public int integer(String name) {
        return (int) child(name).asLong();
    }

    public long longValue(String name) {
        return child(name).asLong();
    }

    public double number(String name) {
        return child(name).asDouble();
    }

    public boolean bool(String name) {
        return child(name).asBool();
    }

    public Duration duration(String name) {
        return child(name).asDuration();
    }

    public Object any(String name) {
        return child(name).value();
    }

    public List<String> stringList(String name) {
        List<String> out = new ArrayList<>();
        for (Conf c : list(name)) out.add(c.asString());
        return out;
    }

    public Map<String, String> stringMap(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        child(name).entries().forEach((k, v) -> out.put(k, v.asString()));
        return out;
    }

    // ---- expressions ----

    public Interpolation interpolation(String name) throws ConfigException {
        return child(name).asInterpolation();
    }

    public Interpolation asInterpolation() throws ConfigException {
        String s = asString();
        if (s == null) s = "";
        if (!s.contains("${!")) return Interpolation.constant(s);
        try {
            return ctx.expressions().parseInterpolation(s);
        } catch (ExpressionParseException e) {
            throw new ConfigException(innerPosition(e), path, "invalid interpolation: " + e.detail());
        }
    }

    public Mapping mapping(String name) throws ConfigException {
        return child(name).asMapping();
    }

    public Mapping asMapping() throws ConfigException {
        String s = asString();
        try {
            return ctx.expressions().parseMapping(s == null ? "" : s);
        } catch (ExpressionParseException e) {
            throw new ConfigException(innerPosition(e), path, "invalid mapping: " + e.detail());
        }
    }

    Position innerPosition(ExpressionParseException e) {
        boolean block = node instanceof ConfigNode.ScalarNode s && s.block();
        return position().offset(e.line(), e.column(), block);
    }

    @Override
    public String toString() {
        return path + "=" + value();
    }
}
