package io.sluice.bloblang.runtime;

import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything an expression can see while it runs: the current value ({@code this}), the value being
 * built ({@code root}), variables, metadata, named lambda contexts and the batch. One is created per
 * message; lambdas and named maps derive small child contexts from it.
 *
 * <p>Not thread safe: a context belongs to one execution.
 */
public final class ExecContext {
    /** Default limit of nested {@code apply} calls, as in the original. */
    public static final int MAX_MAP_DEPTH = 5000;

    private static final Object MESSAGE = new Object() {
        @Override
        public String toString() {
            return "<message>";
        }
    };
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "<none>";
        }
    };

    private final Batch batch;
    private final int index;
    private final Part messagePart;
    private final Part newPart;
    private final Object value;
    private final ExecContext previous;
    private final Binding named;
    private final ValueBox root;
    private final Map<String, Query> maps;
    private final int depth;
    private Map<String, Object> vars;

    /** A named lambda parameter, e.g. {@code item} in {@code item -> item.price}. */
    private record Binding(String name, Object value, Binding next) {
    }

    /** The value under construction by the current mapping (what {@code root} reads). */
    public static final class ValueBox {
        public Object value;

        public ValueBox(Object value) {
            this.value = value;
        }
    }

    private ExecContext(Batch batch, int index, Part messagePart, Part newPart, Object value, ExecContext previous,
                        Binding named, ValueBox root, Map<String, Query> maps, int depth, Map<String, Object> vars) {
        this.batch = batch;
        this.index = index;
        this.messagePart = messagePart;
        this.newPart = newPart;
        this.value = value;
        this.previous = previous;
        this.named = named;
        this.root = root;
        this.maps = maps;
        this.depth = depth;
        this.vars = vars;
    }

    /**
     * A context for running a mapping on message {@code index} of {@code batch}: {@code this} is the
     * message body (parsed on first use), {@code @} reads and writes {@code newPart}'s metadata.
     */
    public static ExecContext forMessage(Batch batch, int index, Part newPart, ValueBox root, Map<String, Query> maps) {
        return new ExecContext(batch, index, batch.get(index), newPart, MESSAGE, null, null, root, maps, 0, null);
    }

    /** A context with a plain value as {@code this} and no message (used by tests and the {@code bloblang} method). */
    public static ExecContext forValue(Object value, Map<String, Query> maps) {
        Batch b = Batch.of(Part.ofStructured(value));
        return new ExecContext(b, 0, b.get(0), b.get(0), value, null, null, new ValueBox(Marker.NOTHING), maps, 0, null);
    }

    // ---- this ----

    /** The current value ({@code this}). Throws {@link NoContextException} when there is none. */
    public Object value() {
        Object v = value;
        if (v == MESSAGE) return messageValue();
        if (v == NONE) throw new NoContextException("", null);
        return v;
    }

    /** True when {@code this} can be read. */
    public boolean hasValue() {
        if (value == NONE) return false;
        if (value != MESSAGE) return true;
        try {
            messagePart.structuredView(); // only checks that the body parses
            return true;
        } catch (MessageParseException e) {
            return false;
        }
    }

    /** Why {@code this} is unavailable because the message is not structured, or null. */
    public String parseError() {
        if (value != MESSAGE) return null;
        try {
            messagePart.structuredView(); // only checks that the body parses
            return null;
        } catch (MessageParseException e) {
            return describeParseError(e);
        }
    }

    private Object messageValue() {
        try {
            return messagePart.structuredView(); // Bloblang never changes `this` in place (assignments copy)
        } catch (MessageParseException e) {
            throw new NoContextException("", describeParseError(e));
        }
    }

    private static String describeParseError(MessageParseException e) {
        String m = e.getMessage() == null ? "invalid JSON" : e.getMessage();
        if (m.startsWith("failed to parse message as JSON: ")) m = m.substring("failed to parse message as JSON: ".length());
        return "parse as json: " + m;
    }

    /** A child context whose {@code this} is {@code v}; the current value stays reachable for lambdas. */
    public ExecContext withValue(Object v) {
        return new ExecContext(batch, index, messagePart, newPart, v, this, named, root, maps, depth, vars);
    }

    /**
     * For {@code name -> body}: binds the current value to {@code name} and evaluates the body with the
     * previous value as {@code this}, the original's "pop" of the context stack.
     */
    public ExecContext bindAndPop(String name) {
        Object current = value();
        Object prevValue = previous == null ? NONE : previous.value;
        ExecContext prevPrev = previous == null ? null : previous.previous;
        Binding b = "_".equals(name) ? named : new Binding(name, current, named);
        return new ExecContext(batch, index, messagePart, newPart, prevValue, prevPrev, b, root, maps, depth, vars);
    }

    /** The value bound to a lambda parameter. */
    public Object named(String name) {
        for (Binding b = named; b != null; b = b.next) {
            if (b.name.equals(name)) return b.value;
        }
        throw new QueryException("named context " + name + " was not found");
    }

    // ---- root ----

    public Object root() {
        if (root == null) throw new QueryException("unable to reference `root` from this context");
        return root.value;
    }

    public ValueBox rootBox() {
        return root;
    }

    // ---- variables ----

    public Object variable(String name) {
        Map<String, Object> v = vars;
        if (v == null || !v.containsKey(name)) throw new QueryException("variable '" + name + "' undefined");
        return v.get(name);
    }

    public void setVariable(String name, Object v) {
        if (vars == null) vars = new HashMap<>(8);
        vars.put(name, v);
    }

    public void deleteVariable(String name) {
        if (vars != null) vars.remove(name);
    }

    // ---- messages, metadata, batches ----

    public Batch batch() {
        return batch;
    }

    public int index() {
        return index;
    }

    /** The message the functions {@code content()}, {@code json()}, {@code metadata()} read (moved by {@code from()}). */
    public Part part() {
        if (index < 0 || index >= batch.size()) {
            throw new QueryException("message index " + index + " is out of bounds of a batch of size " + batch.size());
        }
        return batch.get(index);
    }

    /** The message under construction whose metadata {@code @} reads and writes, or null when metadata is unavailable. */
    public Part newPart() {
        return newPart;
    }

    /** A copy of this context looking at another message of the batch ({@code from}). */
    public ExecContext withIndex(int newIndex) {
        return new ExecContext(batch, newIndex, messagePart, newPart, value, previous, named, root, maps, depth, vars);
    }

    // ---- named maps ----

    public Map<String, Query> maps() {
        return maps;
    }

    /**
     * A context for running a named map on {@code v}: fresh {@code root}, isolated variables, no access to
     * metadata writes, and one level deeper for the recursion limit.
     */
    public ExecContext forNamedMap(Object v, Map<String, Query> mapTable) {
        if (depth + 1 > MAX_MAP_DEPTH) {
            throw new QueryException("exceeded maximum allowed stacks of " + MAX_MAP_DEPTH + ", this could be due to unbounded recursion", true);
        }
        return new ExecContext(batch, index, messagePart, newPart, v, null, null, new ValueBox(Marker.NOTHING),
                mapTable, depth + 1, null);
    }
}
