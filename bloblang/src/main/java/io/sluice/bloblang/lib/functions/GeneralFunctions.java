package io.sluice.bloblang.lib.functions;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.FunctionSpec;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Literal;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.security.SecureRandom;
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
                        "Removes whatever it is assigned to: a field, an element when a `map_each` query returns it, "
                                + "or the whole message when assigned to `root`.")
                        .example(Example.of("Drop a field before the document leaves.", "root = this\nroot.password = deleted()",
                                "{\"user\":\"ada\",\"password\":\"hunter2\"}", "{\"user\":\"ada\"}"))
                        .example(Example.of("Filter health checks out of the stream.",
                                "root = if this.type == \"ping\" { deleted() } else { this }",
                                "{\"type\":\"ping\"}", "<Message deleted>",
                                "{\"type\":\"order\",\"id\":7}", "{\"type\":\"order\",\"id\":7}")),
                args -> new Literal(Marker.DELETED, "delete"));

        lib.addFunction(FunctionSpec.of("nothing", Category.GENERAL, "Skips the assignment it is part of, leaving the target as it was.")
                        .status(Status.HIDDEN),
                args -> new Literal(Marker.NOTHING, "nothing"));

        lib.addFunction(FunctionSpec.of("throw", Category.GENERAL,
                        "Fails the mapping with a message of your own, exactly as a failed assignment would. "
                                + "Use it to reject a message that breaks a rule; `.catch()` can still recover from it.")
                        .param(Param.string("why", "The error message; it follows the line number of the failing assignment."))
                        .example(Example.of("Reject negative amounts.",
                                "root = if this.amount < 0 { throw(\"amount must not be negative\") } else { this }",
                                "{\"amount\":3}", "{\"amount\":3}",
                                "{\"amount\":-1}", "Error(\"amount must not be negative\")")),
                args -> {
                    String why = args.string("why");
                    return Query.of("function throw", ctx -> {
                        throw new QueryException(why, true);
                    });
                });

        lib.addFunction(FunctionSpec.of("range", Category.GENERAL,
                        "Builds an array of integers from `start` up to, but not including, `stop`. It holds (stop - start) / step "
                                + "numbers, rounded down, so `range(0, 5, 2)` gives `[0, 2]` without the 4. With a positive step "
                                + "`start` must be below `stop`: `range(0, 0)` is an error, not an empty array.")
                        .param(Param.int64("start", "The first number of the array."))
                        .param(Param.int64("stop", "The bound the numbers stop before; it is never part of the array."))
                        .param(Param.int64("step", "The distance from one number to the next; negative counts down, zero is an error.").withDefault(1L))
                        .example(Example.of("", "root.pages = range(1, this.last_page + 1)",
                                "{\"last_page\":5}", "{\"pages\":[1,2,3,4,5]}"))
                        .example(Example.of("Named arguments. (6 - 1) / 2 rounds down to 2 numbers, so 5 is not reached.",
                                "root.odd = range(start: 1, stop: 6, step: 2)", "{}", "{\"odd\":[1,3]}"))
                        .example(Example.of("A negative step counts down.", "root.countdown = range(3, 0, -1)",
                                "{}", "{\"countdown\":[3,2,1]}")),
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
                        "Yields the next number of a count each time it runs: 1, 2, 3 and so on. Every `counter()` call in a "
                                + "mapping keeps a count of its own; after yielding `max` it starts again at `min`. "
                                + "`min` and `max` are evaluated once, on the first call.")
                        .status(Status.EXPERIMENTAL).impure()
                        .param(Param.query("min", "The first number yielded, and the one the count starts again from.", true).withDefault(new Literal(1L, null)))
                        .param(Param.query("max", "The last number yielded before the count starts again at `min`.", true).withDefault(new Literal(Long.MAX_VALUE, null)))
                        .param(Param.query("set", "Evaluated on every call: an integer moves the count to that number and yields it, "
                                + "`null` yields the current number without counting, `deleted()` starts again at `min`.", false).optional())
                        .example(Example.of("Number the messages of a stream.", "root.seq = counter()",
                                "{\"order\":\"a\"}", "{\"seq\":1}", "{\"order\":\"b\"}", "{\"seq\":2}"))
                        .example(Example.of("Spread messages over three partitions, 0 to 2, in turn.",
                                "root.partition = counter(min: 0, max: 2)",
                                "{}", "{\"partition\":0}", "{}", "{\"partition\":1}", "{}", "{\"partition\":2}", "{}", "{\"partition\":0}")),
                args -> new Counter(args.query("min"), args.query("max"), args.has("set") ? args.query("set") : null));

        lib.addFunction(FunctionSpec.of("count", Category.DEPRECATED,
                        "Use `counter()` instead. Yields 1, 2, 3 and so on for the calls that share `name`, and the count is "
                                + "shared by every mapping in the process.")
                        .status(Status.DEPRECATED).impure()
                        .param(Param.string("name", "Which count to advance; calls with the same name share one.")),
                args -> {
                    String name = args.string("name");
                    return Query.of("function count", ctx -> COUNTERS.merge(name, 1L, Long::sum));
                });

        lib.addFunction(FunctionSpec.of("random_int", Category.GENERAL,
                        "Yields a pseudo-random integer from `min` to `max`, both included. Each call site has a generator "
                                + "of its own, seeded with 0 unless told otherwise: without a `seed` the numbers repeat after every "
                                + "restart, and two calls in one mapping yield the same numbers. Seed it with `timestamp_unix_nano()` "
                                + "when that matters.")
                        .impure()
                        .param(Param.query("seed", "Seeds the generator; a query here is evaluated once, on the first call.", true).withDefault(new Literal(0L, null)))
                        .param(Param.int64("min", "The smallest number yielded; zero or more.").withDefault(0L).literalOnly())
                        .param(Param.int64("max", "The largest number yielded; at least `min`.").withDefault(Long.MAX_VALUE - 1).literalOnly())
                        .example(Example.of("Roll a die, differently after each restart.",
                                "root.roll = random_int(seed: timestamp_unix_nano(), min: 1, max: 6)", "{}", "{\"roll\":4}").untested()),
                args -> {
                    long min = args.int64("min");
                    long max = args.int64("max");
                    if (min < 0) throw new IllegalArgumentException("min (" + min + ") must be a positive number");
                    if (max < min) throw new IllegalArgumentException("min (" + min + ") must be smaller or equal than max (" + max + ")");
                    if (max == Long.MAX_VALUE) throw new IllegalArgumentException("max must be smaller than the max allowed for an int64 (" + Long.MAX_VALUE + ")");
                    return new RandomInt(args.query("seed"), min, max);
                });

        lib.addFunction(FunctionSpec.of("uuid_v4", Category.GENERAL,
                        "A fresh random UUID (version 4) on every call, as 36 characters with dashes.").impure()
                        .example(Example.of("", "root.id = uuid_v4()", "{}", "{\"id\":\"0e9b9b5c-599f-498a-864c-b449032b72d0\"}").untested()),
                args -> Query.of("function uuid_v4", ctx -> Ids.uuidV4()));

        lib.addFunction(FunctionSpec.of("uuid_v7", Category.GENERAL,
                        "A fresh version 7 UUID on every call. Its first 48 bits hold the time in milliseconds, so the IDs "
                                + "sort in the order they were made.")
                        .impure()
                        .param(Param.timestamp("time", "The time written into the UUID instead of now, e.g. when the event happened.").optional())
                        .example(Example.of("An ID that sorts by the time of the event.", "root.id = uuid_v7(this.created_at)",
                                "{\"created_at\":\"2024-05-01T12:00:00Z\"}", "{\"id\":\"018f3406-9e00-7cec-af4d-0a8d51f70cc0\"}").untested()),
                args -> {
                    Timestamp t = args.has("time") ? args.timestamp("time") : null;
                    return Query.of("function uuid_v7", ctx -> Ids.uuidV7(t == null ? System.currentTimeMillis() : t.instant().toEpochMilli()));
                });

        lib.addFunction(FunctionSpec.of("nanoid", Category.GENERAL,
                        "A fresh nanoid on every call: 21 random characters from `A-Za-z0-9_-` unless `length` and "
                                + "`alphabet` say otherwise.")
                        .impure()
                        .param(Param.int64("length", "How many characters to generate.").optional())
                        .param(Param.string("alphabet", "The characters to draw from. It needs `length` as well: an alphabet alone is an error.").optional())
                        .example(Example.of("A short lower-case hex code.", "root.code = nanoid(8, \"0123456789abcdef\")",
                                "{}", "{\"code\":\"2f8c4273\"}").untested()),
                args -> {
                    if (args.has("alphabet") && !args.has("length")) throw new IllegalArgumentException("field length must be specified with alphabet");
                    int len = args.has("length") ? (int) args.int64("length") : 21;
                    String alphabet = args.has("alphabet") ? args.string("alphabet") : Ids.NANOID_ALPHABET;
                    return Query.of("function nanoid", ctx -> Ids.nanoid(len, alphabet));
                });

        lib.addFunction(FunctionSpec.of("ulid", Category.GENERAL,
                        "A fresh ULID on every call: 48 bits of milliseconds followed by 80 random bits, so the IDs sort by time.")
                        .impure()
                        .param(Param.string("encoding", "`crockford` (26 characters of upper-case base32) or `hex` (32 lower-case hex digits).").withDefault("crockford"))
                        .param(Param.string("random_source", "`secure_random`, or `fast_random`: quicker, but its numbers can be predicted.").withDefault("secure_random")),
                args -> {
                    String enc = args.string("encoding");
                    if (!enc.equals("crockford") && !enc.equals("hex")) throw new IllegalArgumentException("invalid ulid encoding: " + enc);
                    String src = args.string("random_source");
                    Random random = switch (src) {
                        case "secure_random" -> new SecureRandom();
                        case "fast_random" -> new Random();
                        default -> throw new IllegalArgumentException("invalid randomness source: " + src);
                    };
                    boolean hex = enc.equals("hex");
                    return Query.of("function ulid", ctx -> Ids.ulid(System.currentTimeMillis(), hex, random));
                });

        lib.addFunction(FunctionSpec.of("typeid", Category.GENERAL,
                        "A fresh TypeID on every call: the prefix, an underscore and a version 7 UUID in 26 lower-case base32 "
                                + "characters, e.g. `user_01m9968xcqemsv6bgfh62q9zj4`. Without a prefix there is no underscore either.")
                        .impure()
                        .param(Param.string("prefix", "The type name in front: up to 63 lower-case letters and underscores, starting and ending with a letter.").optional()),
                args -> {
                    String prefix = args.has("prefix") ? args.string("prefix") : "";
                    if (!prefix.matches("([a-z]([a-z_]{0,61}[a-z])?)?")) {
                        throw new IllegalArgumentException("invalid prefix: must be at most 63 lower case letters and underscores, starting and ending with a letter");
                    }
                    return Query.of("function typeid", ctx -> Ids.typeid(prefix, System.currentTimeMillis()));
                });

        lib.addFunction(FunctionSpec.of("snowflake_id", Category.GENERAL,
                        "A fresh snowflake ID on every call, as a string of digits: milliseconds since 2010-11-04, the node "
                                + "and a sequence within the millisecond. Processes that run at the same time need different nodes.")
                        .impure()
                        .param(Param.int64("node_id", "The node written into every ID, 0 to 1023.").withDefault(1L)),
                args -> {
                    Ids.Snowflake flake = new Ids.Snowflake(args.int64("node_id"));
                    return Query.of("function snowflake_id", ctx -> flake.next());
                });

        lib.addFunction(FunctionSpec.of("ksuid", Category.GENERAL,
                        "A fresh KSUID on every call: 27 base62 characters that sort by the second they were made in.").impure(),
                args -> Query.of("function ksuid", ctx -> Ids.ksuid(System.currentTimeMillis() / 1000)));

        lib.addFunction(FunctionSpec.of("pi", Category.GENERAL, "The ratio of a circle's circumference to its diameter, 3.141592653589793.")
                        .example(Example.of("The area of a circle.", "root.area = pi() * this.radius * this.radius",
                                "{\"radius\":2}", "{\"area\":12.566370614359172}")),
                args -> new Literal(Math.PI, "function pi"));

        lib.addFunction(FunctionSpec.of("var", Category.GENERAL, "Reads a variable by name, as `$name` does.").status(Status.HIDDEN)
                        .param(Param.string("name", "The variable to read.")),
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
