package io.sluice.cli;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.Conf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one stream config (YAML or JSON) until its input ends or Ctrl-C; then drain in-flight messages.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CONFIG", description = "The stream config file.")
    Path config;

    @Override
    public Integer call() {
        ConfigNode root;
        Stream stream;
        try {
            root = ConfigLoader.withSystemEnv().load(config);
            Logging.configure(new Conf(root, StreamSpec.ROOT, "", root.pos(), null).child("logger"));
            stream = new StreamBuilder(ComponentRegistry.global()).build(nameOf(config), root);
        } catch (ConfigException e) {
            ConfigFiles.print(e.problems(), System.err);
            return 1;
        }
        Stream running = stream;
        Thread hook = new Thread(() -> running.stop(), "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stream.start();
            stream.done().join();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        System.out.flush();
        return 0;
    }

    private static String nameOf(Path p) {
        String f = p.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
