package io.sluice.cli;

import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.SpecDocs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "docs", mixinStandardHelpOptions = true,
        description = "Print a component's documentation (Markdown), generated from its spec.")
final class DocsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "COMPONENT", description = "Component name, e.g. generate, kafka, bloblang.")
    String name;

    @Option(names = {"-k", "--kind"}, description = "input, processor, output, cache, rate_limit, buffer (when a name exists in several kinds)")
    String kind;

    @Override
    public Integer call() {
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
