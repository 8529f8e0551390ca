package io.sluice.core.config;

/** One thing wrong with a config: where, which field (dotted path), and what was expected. */
public record ConfigProblem(Position pos, String path, String message) {
    @Override
    public String toString() {
        return pos + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
    }
}
