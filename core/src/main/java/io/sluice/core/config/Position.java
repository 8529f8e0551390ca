package io.sluice.core.config;

/** Where something stands in a config source: file (or a name such as "api demo, stream s1"), 1-based line and column. */
public record Position(String file, int line, int column) {
    public static final Position UNKNOWN = new Position("<unknown>", 0, 0);

    /** A position {@code line}/{@code column} inside a text that starts at this position (for embedded mappings). */
    public Position offset(int innerLine, int innerColumn, boolean blockScalar) {
        if (innerLine <= 1 && !blockScalar) return new Position(file, line, column + innerColumn - 1);
        return new Position(file, line + innerLine - (blockScalar ? 0 : 1), innerColumn);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
