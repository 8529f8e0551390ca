package io.sluice.cli;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ConfigValidator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loading and linting stream config files, shared by {@code run} and {@code lint}. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static List<ConfigProblem> lint(Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        try {
            ConfigNode root = ConfigLoader.withSystemEnv().load(file);
            problems.addAll(ConfigValidator.withDefaults(ComponentRegistry.global()).validate(root, StreamSpec.ROOT));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        return problems;
    }

    static void print(List<ConfigProblem> problems, PrintStream err) {
        for (ConfigProblem p : problems) err.println(p);
    }
}
