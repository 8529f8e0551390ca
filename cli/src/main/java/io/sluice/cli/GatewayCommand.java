package io.sluice.cli;

import io.sluice.gateway.GatewayLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run the API gateway. With no config file and no Redis it starts the embedded default:",
                "port 8080, in-memory storage, API definitions from ./apps (a demo API is created when absent).",
                "Every config key can be overridden by SLUICE_GW_<KEY> (or TYK_GW_<KEY>) environment variables."})
final class GatewayCommand implements Callable<Integer> {

    @Option(names = {"-c", "--conf"}, description = "Gateway config file (JSON, tyk.conf key names).")
    Path conf;

    @Option(names = "--strict", description = "Refuse to start when the config file or a SLUICE_GW_ variable names an unknown setting "
            + "(without it, each one is reported as a warning and ignored).")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        Logging.configure(System.getenv().getOrDefault("SLUICE_LOG_LEVEL", "INFO").toUpperCase(),
                System.getenv().getOrDefault("SLUICE_LOG_FORMAT", "logfmt"), true, Map.of());
        return GatewayLauncher.run(conf, strict);
    }
}
