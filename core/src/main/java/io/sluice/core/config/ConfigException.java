package io.sluice.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config could not be used; carries every problem found, each with its position. */
public class ConfigException extends Exception {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(Position pos, String path, String message) {
        this(List.of(new ConfigProblem(pos, path, message)));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
