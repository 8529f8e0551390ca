package io.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command: one binary for the gateway and for standalone streams. */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceCommand.Version.class,
        description = "Sluice: an event-native API gateway. Runs REST and stream APIs, and standalone streams.",
        subcommands = {
                GatewayCommand.class,
                RunCommand.class,
                LintCommand.class,
                TestCommand.class,
                StreamsCommand.class,
                ListCommand.class,
                DocsCommand.class,
                BloblCommand.class,
                CommandLine.HelpCommand.class
        })
public final class SluiceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return new CommandLine(new SluiceCommand()).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SluiceCommand.class.getPackage().getImplementationVersion();
            return new String[]{"sluice " + (v == null ? "0.1.0-SNAPSHOT" : v), "Java " + Runtime.version()};
        }
    }
}
