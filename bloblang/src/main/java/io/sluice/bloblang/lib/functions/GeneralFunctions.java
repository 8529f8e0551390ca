package io.sluice.bloblang.lib.functions;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.FunctionSpec;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Literal;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** Functions of the "General" category: ids, counters, ranges, random numbers, deleting and throwing. */
public final class GeneralFunctions implements LibraryModule {

    /** State of the deprecated {@code count} function, shared by every mapping like the original. */
    private static final Map<String, Long> COUNTERS = new ConcurrentHashMap<>();

    @Override
    public void register(Library lib) {
        lib.addFunction(FunctionSpec.of("deleted", Category.GENERAL,
                        "Returns a result indicating that the mapping target should be deleted.")
                        .example(Example.of("", "root = this\nroot.bar = deleted()",
                                "{\"bar\":\"bar_value\",\"baz\":\"baz_value\",\"foo\":\"foo value\"}",
                                "{\"baz\":\"baz_value\",\"foo\":\"foo value\"}")),
                args -> new Literal(Marker.DELETED, "delete"));

        lib.addFunction(FunctionSpec.of("nothing", Category.GENERAL, "Returns a result that skips the assignment.")
                        .status(Status.HIDDEN),
                args -> new Literal(Marker.NOTHING, "nothing"));

        lib.addFunction(FunctionSpec.of("throw", Category.GENERAL,
                        "Throws an error similar to a regular mapping error. This is useful for abandoning a mapping entirely given certain conditions.")
                        .param(Param.string("why", "A string explanation for why an error was thrown, this will be added to the resulting error message.")),
                args -> {
                    String why = args.string("why");
                    return Query.of("function throw", ctx -> {
                        throw new QueryException(why, true);
                    });
                });

        lib.addFunction(FunctionSpec.of("range", Category.GENERAL,
                        "Creates an array of integers following a range between a start, stop and optional step integer argument.")
                        .param(Param.int64("start", "The start value."))
                        .param(Param.int64("stop", "The stop value."))
                        .param(Param.int64("step", "The step value.").withDefault(1L))
                        .example(Example.of("", "root.a = range(0, 10)\nroot.b = range(start: 0, stop: this.max, step: 2)\nroot.c = range(0, -this.max, -2)",
                                "{\"max\":10}", "{\"a\":[0,1,2,3,4,5,6,7,8,9],\"b\":[0,2,4,6,8],\"c\":[0,-2,-4,-6,-8]}")),
                args -> {
                    long start = args.int64("start");
                    long stop = args.int64("stop");
                    long step = args.int64("step");
                    if (step == 0) throw new IllegalArgumentException("step must be greater than or less than 0");
                    if (step < 0) {
                        if (stop > start) throw new IllegalArgumentException("with negative step arg stop (" + stop + ") must be <= start (" + start + ")");
                    } else if (start >= stop) {
                        throw new IllegalArgumentException("with positive step arg start (" + start + ") must be < stop (" + stop + ")");
                    }
                    long n = (stop - start) / step;
                    List<Object> r = new ArrayList<>((int) n);
                    for (long i = 0; i < n; i++) r.add(start + step * i);
                    return new Literal(Collections.unmodifiableList(r), "function range");
                });

        lib.addFunction(FunctionSpec.of("counter", Category.GENERAL,
                        "Generates an incrementing sequence of integers starting from a minimum value (default 1). Each counter instance keeps its own state. When the maximum is reached the counter resets to the minimum.")
                        .status(Status.EXPERIMENTAL).impure()
                        .param(Param.query("min", "The starting value of the counter. Evaluated once.", true).withDefault(new Literal(1L, null)))
                        .param(Param.query("max", "The maximum value before the counter resets to min. Evaluated once.", true).withDefault(new Literal(Long.MAX_VALUE, null)))
                        .param(Param.query("set", "When it resolves to an integer the counter is set to it; null reads the counter without incrementing; deleted() resets it.", false).optional())
                        .example(Example.of("", "root.id = counter()", "{}", "{\"id\":1}", "{}", "{\"id\":2}")),
                args -> new Counter(args.query("min"), args.query("max"), args.has("set") ? args.query("set") : null));

        lib.addFunction(FunctionSpec.of("count", Category.DEPRECATED,
                        "A counter starting at 1 which increments after each time it is called, shared across mappings by name.")
                        .status(Status.DEPRECATED).impure()
                        .param(Param.string("name", "An identifier for the counter.")),
                args -> {
                    String name = args.string("name");
                    return Query.of("function count", ctx -> COUNTERS.merge(name, 1L, Long::sum));
                });

        lib.addFunction(FunctionSpec.of("random_int", Category.GENERAL,
                        "Generates a non-negative pseudo-random 64-bit integer, optionally seeded and within [min, max].")
                        .impure()
                        .param(Param.query("seed", "A seed to use, if a query is provided it will only be resolved once.", true).withDefault(new Literal(0L, null)))
                        .param(Param.int64("min", "The minimum value the random generated number will have.").withDefault(0L).literalOnly())
                        .param(Param.int64("max", "The maximum value the random generated number will have.").withDefault(Long.MAX_VALUE - 1).literalOnly()),
                args -> {
                    long min = args.int64("min");
                    long max = args.int64("max");
                    if (min < 0) throw new IllegalArgumentException("min (" + min + ") must be a positive number");
                    if (max < min) throw new IllegalArgumentException("min (" + min + ") must be smaller or equal than max (" + max + ")");
                    if (max == Long.MAX_VALUE) throw new IllegalArgumentException("max must be smaller than the max allowed for an int64 (" + Long.MAX_VALUE + ")");
                    return new RandomInt(args.query("seed"), min, max);
                });

        lib.addFunction(FunctionSpec.of("uuid_v4", Category.GENERAL,
                        "Generates a new RFC-4122 UUID each time it is invoked and prints a string representation.").impure(),
                args -> Query.of("function uuid_v4", ctx -> Ids.uuidV4()));

        lib.addFunction(FunctionSpec.of("uuid_v7", Category.GENERAL, "Generates a new time ordered UUID each time it is invoked.")
                        .impure()
                        .param(Param.timestamp("time", "An optional timestamp to use for the time ordered portion of the UUID.").optional()),
                args -> {
                    io.sluice.bloblang.lib.Timestamp t = args.has("time") ? args.timestamp("time") : null;
                    return Query.of("function uuid_v7", ctx -> Ids.uuidV7(t == null ? System.currentTimeMillis() : t.instant().toEpochMilli()));
                });

        lib.addFunction(FunctionSpec.of("nanoid", Category.GENERAL,
                        "Generates a new nanoid each time it is invoked. A custom length and alphabet can be given.")
                        .impure()
                        .param(Param.int64("length", "An optional length.").optional())
                        .param(Param.string("alphabet", "An optional custom alphabet to use for generating IDs. When specified the field length must also be present.").optional()),
                args -> {
                    if (args.has("alphabet") && !args.has("length")) throw new IllegalArgumentException("field length must be specified with alphabet");
                    int len = args.has("length") ? (int) args.int64("length") : 21;
                    String alphabet = args.has("alphabet") ? args.string("alphabet") : Ids.NANOID_ALPHABET;
                    return Query.of("function nanoid", ctx -> Ids.nanoid(len, alphabet));
                });

        lib.addFunction(FunctionSpec.of("ulid", Category.GENERAL,
                        "Generate a random ULID: 48 bits of time and 80 random bits, sortable by time.")
                        .impure()
                        .param(Param.string("encoding", "The format to encode a ULID into: crockford or hex.").withDefault("crockford"))
                        .param(Param.string("random_source", "The source of randomness: secure_random or fast_random.").withDefault("secure_random")),
                args -> {
                    String enc = args.string("encoding");
                    if (!enc.equals("crockford") && !enc.equals("hex")) throw new IllegalArgumentException("invalid ulid encoding: " + enc);
                    String src = args.string("random_source");
                    java.util.Random random = switch (src) {
                        case "secure_random" -> new java.security.SecureRandom();
                        case "fast_random" -> new java.util.Random();
                        default -> throw new IllegalArgumentException("invalid randomness source: " + src);
                    };
                    boolean hex = enc.equals("hex");
                    return Query.of("function ulid", ctx -> Ids.ulid(System.currentTimeMillis(), hex, random));
                });

        lib.addFunction(FunctionSpec.of("typeid", Category.GENERAL,
                        "Generates a new TypeID (a UUIDv7 in base32 with an optional type prefix) each time it is invoked.")
                        .impure()
                        .param(Param.string("prefix", "An optional prefix to use for the typeid.").optional()),
                args -> {
                    String prefix = args.has("prefix") ? args.string("prefix") : "";
                    if (!prefix.matches("([a-z]([a-z_]{0,61}[a-z])?)?")) {
                        throw new IllegalArgumentException("invalid prefix: must be at most 63 lower case letters and underscores, starting and ending with a letter");
                    }
                    return Query.of("function typeid", ctx -> Ids.typeid(prefix, System.currentTimeMillis()));
                });

        lib.addFunction(FunctionSpec.of("snowflake_id", Category.GENERAL,
                        "Generate a unique, time ordered snowflake ID (as a string) for a node.")
                        .impure()
                        .param(Param.int64("node_id", "The node id (0 to 1023) to embed.").withDefault(1L)),
                args -> {
                    Ids.Snowflake flake = new Ids.Snowflake(args.int64("node_id"));
                    return Query.of("function snowflake_id", ctx -> flake.next());
                });

        lib.addFunction(FunctionSpec.of("ksuid", Category.GENERAL, "Generates a new ksuid each time it is invoked.").impure(),
                args -> Query.of("function ksuid", ctx -> Ids.ksuid(System.currentTimeMillis() / 1000)));

        lib.addFunction(FunctionSpec.of("pi", Category.GENERAL, "Returns the value of the mathematical constant Pi.")
                        .example(Example.of("", "root.radians = this.degrees * (pi() / 180)", "{\"degrees\":45}", "{\"radians\":0.7853981633974483}")),
                args -> new Literal(Math.PI, "function pi"));

        lib.addFunction(FunctionSpec.of("var", Category.GENERAL, "Returns a variable by name.").status(Status.HIDDEN)
                        .param(Param.string("name", "The name of the target variable.")),
                args -> {
                    String name = args.string("name");
                    return Query.of("variable " + name, ctx -> ctx.variable(name));
                });
    }

    /** {@code counter()}: state per call site, guarded because a mapping may run on many threads. */
    private static final class Counter implements Query {
        private final Query min;
        private final Query max;
        private final Query set;
        private boolean initialised;
        private long minV;
        private long maxV;
        private long i;

        Counter(Query min, Query max, Query set) {
            this.min = min;
            this.max = max;
            this.set = set;
        }

        @Override
        public synchronized Object exec(ExecContext ctx) {
            if (!initialised) {
                minV = resolve(min, ctx, "min");
                if (minV < 0) throw new QueryException("min argument must be >0, got " + minV);
                maxV = resolve(max, ctx, "max");
                if (maxV < 0 || maxV <= minV) throw new QueryException("max argument must be >0 and >min, got " + maxV);
                i = minV - 1;
                initialised = true;
            }
            if (set != null) {
                Object s;
                try {
                    s = set.exec(ctx);
                } catch (QueryException e) {
                    throw e.prefixed("failed to resolve set argument: ");
                }
                if (s == null) return i;
                if (s == Marker.DELETED) {
                    i = minV - 1;
                } else if (s != Marker.NOTHING) {
                    try {
                        i = Values.asLong(s);
                    } catch (QueryException e) {
                        throw e.prefixed("failed to resolve set argument: ");
                    }
                    return i;
                }
            }
            i++;
            long v = i;
            if (v >= maxV) i = minV - 1;
            return v;
        }

        private static long resolve(Query q, ExecContext ctx, String name) {
            try {
                return Values.asLong(q.exec(ctx));
            } catch (QueryException e) {
                throw e.prefixed("failed to resolve " + name + " argument: ");
            }
        }

        @Override
        public String annotation() {
            return "function counter";
        }
    }

    /** {@code random_int()}: the generator is seeded on first use. */
    private static final class RandomInt implements Query {
        private final Query seed;
        private final long min;
        private final long max;
        private Random random;

        RandomInt(Query seed, long min, long max) {
            this.seed = seed;
            this.min = min;
            this.max = max;
        }

        @Override
        public synchronized Object exec(ExecContext ctx) {
            if (random == null) {
                long s;
                try {
                    s = Values.parseLong(seed.exec(ctx));
                } catch (QueryException e) {
                    throw new QueryException("failed to seed random number generator: " + e.getMessage(), true);
                }
                random = new Random(s);
            }
            return min + random.nextLong(max - min + 1);
        }

        @Override
        public String annotation() {
            return "function random_int";
        }
    }
}
