package io.sluice.bloblang.lib.functions;

import io.sluice.bloblang.lib.Category;
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
                        "Returns the current timestamp as a string in RFC 3339 format with the local timezone.").impure(),
                args -> Query.of("function now", ctx -> Timestamp.of(Instant.now(), ZoneId.systemDefault()).toString()));

        lib.addFunction(FunctionSpec.of("timestamp_unix", Category.ENVIRONMENT, "Returns the current unix timestamp in seconds.").impure(),
                args -> Query.of("function timestamp_unix", ctx -> Instant.now().getEpochSecond()));
        lib.addFunction(FunctionSpec.of("timestamp_unix_milli", Category.ENVIRONMENT, "Returns the current unix timestamp in milliseconds.").impure(),
                args -> Query.of("function timestamp_unix_milli", ctx -> System.currentTimeMillis()));
        lib.addFunction(FunctionSpec.of("timestamp_unix_micro", Category.ENVIRONMENT, "Returns the current unix timestamp in microseconds.").impure(),
                args -> Query.of("function timestamp_unix_micro", ctx -> {
                    Instant n = Instant.now();
                    return n.getEpochSecond() * 1_000_000L + n.getNano() / 1000;
                }));
        lib.addFunction(FunctionSpec.of("timestamp_unix_nano", Category.ENVIRONMENT, "Returns the current unix timestamp in nanoseconds.").impure(),
                args -> Query.of("function timestamp_unix_nano", ctx -> {
                    Instant n = Instant.now();
                    return n.getEpochSecond() * 1_000_000_000L + n.getNano();
                }));

        lib.addFunction(FunctionSpec.of("env", Category.ENVIRONMENT,
                        "Returns an environment variable as a string, or null if it is not set. Read once per mapping unless no_cache is set.")
                        .impure()
                        .param(Param.string("name", "The name of an environment variable."))
                        .param(Param.bool("no_cache", "Read the variable on every call instead of once.").withDefault(false)),
                args -> {
                    String name = args.string("name");
                    if (args.bool("no_cache")) return Query.of("function env", ctx -> System.getenv(name));
                    return new Literal(System.getenv(name), "function env");
                });

        lib.addFunction(FunctionSpec.of("hostname", Category.ENVIRONMENT, "Returns the hostname of the machine running the mapping.").impure(),
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
                        "Reads a file and returns its contents as bytes. Read once per mapping unless no_cache is set.")
                        .impure()
                        .param(Param.string("path", "The path of the target file."))
                        .param(Param.bool("no_cache", "Read the file on every call.").withDefault(false)),
                args -> {
                    Path path = Path.of(args.string("path"));
                    if (args.bool("no_cache")) return Query.of("function file", ctx -> read(path));
                    return new Literal(read(path), "function file");
                });
        fileRel(lib);
    }

    private static void fileRel(Library lib) {
        lib.addFunction(FunctionSpec.of("file_rel", Category.ENVIRONMENT,
                        "Reads a file relative to the directory Sluice runs in (the original resolves it against the mapping file) and returns its contents as bytes.")
                        .impure()
                        .param(Param.string("path", "The path of the target file."))
                        .param(Param.bool("no_cache", "Read the file on every call.").withDefault(false)),
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
