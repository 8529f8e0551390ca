package io.sluice.cli;

import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.tools.LibraryDocs;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.SpecDocs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "docs", mixinStandardHelpOptions = true,
        description = {"Print a component's documentation (Markdown), generated from its spec.",
                "With --bloblang: the Bloblang function and method reference, or one entry of it."})
final class DocsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", arity = "0..1",
            description = "Component name, e.g. generate, kafka, mapping; with --bloblang a function or method name.")
    String name;

    @Option(names = "--bloblang", description = "Document the Bloblang library instead of a component.")
    boolean bloblang;

    @Option(names = {"-k", "--kind"}, description = "input, processor, output, cache, rate_limit, buffer (when a name exists in several kinds)")
    String kind;

    @Override
    public Integer call() {
        if (bloblang) {
            Library lib = Library.standard();
            if (name == null) {
                System.out.println(LibraryDocs.markdown(lib));
                return 0;
            }
            // a method may be named with or without its leading dot
            Optional<String> entry = LibraryDocs.markdown(lib, name).or(() -> LibraryDocs.markdown(lib, "." + name));
            if (entry.isEmpty()) {
                System.err.println("no Bloblang function or method named '" + name + "'");
                return 1;
            }
            System.out.println(entry.get());
            return 0;
        }
        if (name == null) {
            System.err.println("name a component (sluice list shows them all), or use --bloblang");
            return 2;
        }
        ComponentRegistry registry = ComponentRegistry.global();
        List<ComponentSpec> found = new ArrayList<>();
        for (ComponentKind k : ComponentKind.values()) {
            if (kind != null && !k.singular().equals(kind) && !k.plural().equals(kind)) continue;
            registry.find(k, name).ifPresent(r -> found.add(r.spec()));
        }
        if (found.isEmpty()) {
            System.err.println("no component named '" + name + "'" + (kind == null ? "" : " of kind " + kind));
            return 1;
        }
        for (ComponentSpec s : found) System.out.println(SpecDocs.markdown(s));
        return 0;
    }
}
