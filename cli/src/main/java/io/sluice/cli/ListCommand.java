package io.sluice.cli;

import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the available components, all or of the given kinds (inputs, processors, outputs, caches, rate_limits, buffers, ...).")
final class ListCommand implements Callable<Integer> {

    @Parameters(paramLabel = "KIND", arity = "0..*", description = "inputs, processors, outputs, caches, rate_limits, buffers, metrics, tracers")
    List<String> kinds;

    @Override
    public Integer call() {
        ComponentRegistry registry = ComponentRegistry.global();
        List<ComponentKind> selected = kinds == null || kinds.isEmpty()
                ? List.of(ComponentKind.INPUT, ComponentKind.PROCESSOR, ComponentKind.OUTPUT, ComponentKind.CACHE,
                ComponentKind.RATE_LIMIT, ComponentKind.BUFFER, ComponentKind.METRICS, ComponentKind.TRACER)
                : kinds.stream().map(k -> {
                    ComponentKind kind = ComponentKind.fromPlural(k);
                    if (kind == null) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "unknown kind '" + k + "'");
                    return kind;
                }).toList();
        for (ComponentKind kind : selected) {
            System.out.println(capitalise(kind.plural().replace('_', ' ')) + ":");
            for (ComponentSpec s : registry.specs(kind)) {
                System.out.printf("  %-24s %s%n", s.name(), firstSentence(s.summary()));
            }
            System.out.println();
        }
        return 0;
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return dot > 0 ? s.substring(0, dot + 1) : s;
    }
}
