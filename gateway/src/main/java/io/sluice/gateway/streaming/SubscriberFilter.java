package io.sluice.gateway.streaming;

import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.gateway.streaming.hub.HubMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one consumer connection asked to see of a stream: {@code ?filter=<Bloblang predicate>} keeps the messages for
 * which it is true, {@code ?fields=a,b.c} cuts each JSON object down to those fields. Compiled once when the
 * connection opens; applied on the connection's event loop to what it takes from the hub, before the host's
 * {@link DeliveryGuard} sees the messages, so rate limits and quotas count only what is delivered.
 *
 * <p>Consumers are less trusted than API authors, so the predicate is sandboxed: it is compiled in a language that
 * refuses every function reading the host or the clock-free outside world ({@link Host#language()}), methods that can
 * multiply work or memory far beyond the message ({@link #REFUSED_METHODS}) are refused by name, its text is bounded,
 * and each evaluation has a time budget: a filter that takes longer than {@link #BUDGET_NANOS} on
 * {@link #SLOW_IN_A_ROW} messages in a row ends the connection (Bloblang evaluation cannot be interrupted, so the budget is checked after each message; with the
 * refusals above an evaluation is linear in the message's size). A message the predicate cannot evaluate (not JSON,
 * a missing field compared with a number) does not match.
 */
public final class SubscriberFilter {

    public static final int MAX_FILTER_CHARS = 1024;
    public static final int MAX_FIELDS = 64;
    public static final long BUDGET_NANOS = 50_000_000L;
    static final int SLOW_IN_A_ROW = 3;
    /** Methods that can cost far more than the message (repeat, password hashes, decompression, nested compilation). */
    static final Pattern REFUSED_METHODS = Pattern.compile("\\.\\s*(repeat|compare_bcrypt|compare_argon2|decompress|bloblang)\\s*\\(");

    /**
     * The host's side, handed to stream components as a service: whether the API lets consumers filter, and the
     * sandboxed language they filter in. Without it (a standalone stream) {@code filter} and {@code fields} are plain
     * query parameters the output ignores.
     */
    public interface Host {
        /** Read per connection: an API's setting can change without restarting its streams. */
        boolean enabled();

        ExpressionLanguage language();
    }

    private final Mapping predicate;
    private final List<String[]> fields;
    private String failure;
    private int slowInARow;

    private SubscriberFilter(Mapping predicate, List<String[]> fields) {
        this.predicate = predicate;
        this.fields = fields;
    }

    /**
     * The filter a request asks for, or null for none.
     *
     * @throws IllegalArgumentException when the request asks for one that is not allowed here or does not compile:
     *                                  its message is the answer to the client (400)
     */
    public static SubscriberFilter of(String filter, String fields, Host host, boolean shared) {
        boolean wantsFilter = filter != null && !filter.isBlank();
        boolean wantsFields = fields != null && !fields.isBlank();
        if (!wantsFilter && !wantsFields) return null;
        if (host == null) return null; // standalone: not a feature of this output
        if (!host.enabled()) {
            throw new IllegalArgumentException("this API does not allow subscriber filters (x-tyk-streaming.subscriber_filters is not true)");
        }
        if (shared) {
            throw new IllegalArgumentException("filter and fields need an output whose every consumer receives every message (delivery: broadcast)");
        }
        Mapping predicate = null;
        if (wantsFilter) {
            if (filter.length() > MAX_FILTER_CHARS) {
                throw new IllegalArgumentException("filter: at most " + MAX_FILTER_CHARS + " characters");
            }
            var refused = REFUSED_METHODS.matcher(filter);
            if (refused.find()) {
                throw new IllegalArgumentException("filter: method " + refused.group(1) + "() is not allowed in a subscriber filter");
            }
            try {
                predicate = host.language().parseMapping(filter);
            } catch (ExpressionParseException e) {
                throw new IllegalArgumentException("filter: " + e.getMessage());
            }
        }
        List<String[]> paths = new ArrayList<>();
        if (wantsFields) {
            for (String f : fields.split(",")) {
                String name = f.trim();
                if (name.isEmpty()) continue;
                if (!name.matches("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*")) {
                    throw new IllegalArgumentException("fields: '" + name + "' is not a field name (letters, digits, _ and -, nested with .)");
                }
                paths.add(name.split("\\."));
            }
            if (paths.size() > MAX_FIELDS) throw new IllegalArgumentException("fields: at most " + MAX_FIELDS);
        }
        return new SubscriberFilter(predicate, List.copyOf(paths));
    }

    /** Why the connection must end (the filter ran over its budget), or null. */
    public String failure() {
        return failure;
    }

    /** The messages this consumer receives, projected; empty when none matches or the filter failed. */
    public List<HubMessage> apply(List<HubMessage> batch) {
        List<HubMessage> kept = new ArrayList<>(batch.size());
        for (HubMessage m : batch) {
            if (predicate != null) {
                long start = System.nanoTime();
                boolean match = matches(m);
                // A pause of the whole process (GC, a busy machine) can make any one evaluation look slow; a filter
                // that is slow itself is slow every time, so only a run of slow evaluations ends the connection.
                if (System.nanoTime() - start > BUDGET_NANOS) {
                    if (++slowInARow >= SLOW_IN_A_ROW) {
                        failure = "Subscriber filter took longer than " + BUDGET_NANOS / 1_000_000 + " ms on " + SLOW_IN_A_ROW + " messages in a row";
                        return List.of();
                    }
                } else {
                    slowInARow = 0;
                }
                if (!match) continue;
            }
            kept.add(fields.isEmpty() ? m : project(m));
        }
        return kept;
    }

    private boolean matches(HubMessage m) {
        // the parse is shared by every connection filtering this message; the predicate only reads it
        Object json = m.json();
        Part part = json == null ? new Part(m.body()) : Part.ofStructured(json);
        m.metadata().forEach(part::setMeta);
        try {
            return predicate.check(Batch.of(part), 0);
        } catch (RuntimeException | MappingException e) {
            return false;
        }
    }

    private HubMessage project(HubMessage m) {
        if (!(m.json() instanceof Map<?, ?> root)) return m; // only JSON objects have fields to pick
        Map<String, Object> out = new LinkedHashMap<>();
        for (String[] path : fields) {
            Object value = root;
            for (String step : path) {
                value = value instanceof Map<?, ?> map ? map.get(step) : null;
                if (value == null) break;
            }
            if (value == null) continue;
            Map<String, Object> into = out;
            for (int i = 0; i < path.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) into.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
                into = next;
            }
            into.put(path[path.length - 1], value);
        }
        byte[] body = Structured.toJsonBytes(out);
        return new HubMessage(m.id(), body, m.metadata(), m.event(), m.batchFirstId(), m.batchSize());
    }
}
