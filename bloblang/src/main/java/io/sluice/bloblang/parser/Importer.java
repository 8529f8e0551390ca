package io.sluice.bloblang.parser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the files named by {@code import "..."} and {@code from "..."}. */
public interface Importer {

    String read(String path) throws IOException;

    /** An importer for files imported by {@code path}, resolving relative paths from its folder. */
    Importer relativeTo(String path);

    /** Reads from the file system, relative to {@code base} (the working directory by default). */
    static Importer fileSystem(Path base) {
        return new Importer() {
            @Override
            public String read(String path) throws IOException {
                return Files.readString(base.resolve(path), StandardCharsets.UTF_8);
            }

            @Override
            public Importer relativeTo(String path) {
                Path parent = base.resolve(path).getParent();
                return fileSystem(parent == null ? base : parent);
            }
        };
    }

    /** Refuses every import (for sandboxes such as the playground). */
    static Importer disabled() {
        return new Importer() {
            @Override
            public String read(String path) throws IOException {
                throw new IOException("imports are disabled in this environment");
            }

            @Override
            public Importer relativeTo(String path) {
                return this;
            }
        };
    }
}
