package io.sluice.bloblang.lib.functions;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.FunctionSpec;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.runtime.Literal;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;

/** Functions of the "Environment" category: time, environment variables, host name, files. */
public final class EnvironmentFunctions implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addFunction(FunctionSpec.of("now", Category.ENVIRONMENT,
                        "The current time as an RFC 3339 string in the machine's time zone. It is text, not a timestamp "
                                + "value; the `ts_*` methods accept it as it is.").impure()
                        .example(Example.of("", "root.received_at = now()", "{}", "{\"received_at\":\"2024-05-01T14:03:11.520318Z\"}").untested()),
                args -> Query.of("function now", ctx -> Timestamp.of(Instant.now(), ZoneId.systemDefault()).toString()));

        lib.addFunction(FunctionSpec.of("timestamp_unix", Category.ENVIRONMENT, "Whole seconds since 1970-01-01T00:00:00Z, now.").impure(),
                args -> Query.of("function timestamp_unix", ctx -> Instant.now().getEpochSecond()));
        lib.addFunction(FunctionSpec.of("timestamp_unix_milli", Category.ENVIRONMENT, "Milliseconds since 1970-01-01T00:00:00Z, now.").impure(),
                args -> Query.of("function timestamp_unix_milli", ctx -> System.currentTimeMillis()));
        lib.addFunction(FunctionSpec.of("timestamp_unix_micro", Category.ENVIRONMENT, "Microseconds since 1970-01-01T00:00:00Z, now.").impure(),
                args -> Query.of("function timestamp_unix_micro", ctx -> {
                    Instant n = Instant.now();
                    return n.getEpochSecond() * 1_000_000L + n.getNano() / 1000;
                }));
        lib.addFunction(FunctionSpec.of("timestamp_unix_nano", Category.ENVIRONMENT,
                        "Nanoseconds since 1970-01-01T00:00:00Z, now. The clock may tick in coarser steps than a nanosecond.").impure(),
                args -> Query.of("function timestamp_unix_nano", ctx -> {
                    Instant n = Instant.now();
                    return n.getEpochSecond() * 1_000_000_000L + n.getNano();
                }));

        lib.addFunction(FunctionSpec.of("env", Category.ENVIRONMENT,
                        "The value of an environment variable, or null when it is not set. It is read once, when the mapping "
                                + "is compiled, so later changes go unseen unless `no_cache` is true.")
                        .impure()
                        .param(Param.string("name", "The variable, e.g. `HOME`."))
                        .param(Param.bool("no_cache", "Read the variable again on every call.").withDefault(false)),
                args -> {
                    String name = args.string("name");
                    if (args.bool("no_cache")) return Query.of("function env", ctx -> System.getenv(name));
                    return new Literal(System.getenv(name), "function env");
                });

        lib.addFunction(FunctionSpec.of("hostname", Category.ENVIRONMENT,
                        "The host name of the machine Sluice runs on, looked up once when the mapping is compiled.").impure(),
                args -> {
                    String host;
                    try {
                        host = InetAddress.getLocalHost().getHostName();
                    } catch (IOException e) {
                        host = System.getenv().getOrDefault("HOSTNAME", "localhost");
                    }
                    return new Literal(host, "function hostname");
                });

        lib.addFunction(FunctionSpec.of("file", Category.ENVIRONMENT,
                        "The content of a file as bytes. The file is read once, when the mapping is compiled, unless "
                                + "`no_cache` is true; a file that cannot be read is an error.")
                        .impure()
                        .param(Param.string("path", "The file; a relative path starts from the directory Sluice runs in."))
                        .param(Param.bool("no_cache", "Read the file again on every call.").withDefault(false)),
                args -> {
                    Path path = Path.of(args.string("path"));
                    if (args.bool("no_cache")) return Query.of("function file", ctx -> read(path));
                    return new Literal(read(path), "function file");
                });
        fileRel(lib);
    }

    private static void fileRel(Library lib) {
        lib.addFunction(FunctionSpec.of("file_rel", Category.ENVIRONMENT,
                        "Like `file()`, but a relative path is resolved against the directory Sluice runs in. Redpanda "
                                + "Connect resolves it against the mapping file instead, so paths may need adjusting.")
                        .impure()
                        .param(Param.string("path", "The file, relative to the directory Sluice runs in."))
                        .param(Param.bool("no_cache", "Read the file again on every call.").withDefault(false)),
                args -> {
                    Path path = Path.of("").toAbsolutePath().resolve(args.string("path"));
                    if (args.bool("no_cache")) return Query.of("function file_rel", ctx -> read(path));
                    return new Literal(read(path), "function file_rel");
                });
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new QueryException("failed to read file: " + e.getMessage());
        }
    }
}
