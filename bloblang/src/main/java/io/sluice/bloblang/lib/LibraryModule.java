package io.sluice.bloblang.lib;

/**
 * A group of functions or methods, usually one documentation category in one file (e.g.
 * {@code lib/methods/StringMethods}). Modules are found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/io.sluice.bloblang.lib.LibraryModule}.
 */
public interface LibraryModule {
    void register(Library library);
}
