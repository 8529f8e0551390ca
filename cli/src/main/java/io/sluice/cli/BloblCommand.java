package io.sluice.cli;

import io.sluice.bloblang.tools.BloblRunner;
import io.sluice.bloblang.tools.PlaygroundServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "blobl", mixinStandardHelpOptions = true,
        description = "Run a Bloblang mapping over JSON documents read one per line from stdin; or open the playground.",
        subcommands = BloblCommand.Server.class)
final class BloblCommand implements Callable<Integer> {

    @Option(names = {"-m", "--mapping"}, description = "The mapping text.")
    String mapping;

    @Option(names = {"-f", "--file"}, description = "A file holding the mapping.")
    Path file;

    @Override
    public Integer call() throws IOException {
        String source = mapping;
        if (file != null) source = Files.readString(file, StandardCharsets.UTF_8);
        if (source == null) {
            System.err.println("give a mapping with -m MAPPING or -f FILE (see sluice blobl --help)");
            return 2;
        }
        return new BloblRunner().run(source, System.in, System.out, System.err);
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Open a local web playground: mapping, input and output side by side, live as you type.")
    static final class Server implements Callable<Integer> {
        @Option(names = {"-p", "--port"}, defaultValue = "4195", description = "Port to listen on (default ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws Exception {
            new PlaygroundServer().start(port);
            System.err.println("Bloblang playground on http://localhost:" + port + "/ (Ctrl-C to stop)");
            Thread.currentThread().join();
            return 0;
        }
    }
}
