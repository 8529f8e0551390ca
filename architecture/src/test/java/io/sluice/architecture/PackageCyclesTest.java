package io.sluice.architecture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the package structure from getting worse: no new cycle between packages, no known cycle
 * growing, and no module using a module of a higher layer
 * (core ← bloblang, components ← connectors, gateway ← console, entrypoints ← cli).
 */
class PackageCyclesTest {
    /**
     * Known debt: the package cycles that existed when this test was written. Each entry is one knot
     * (packages that all reach each other). A knot may shrink or vanish (then shorten this list);
     * it may not grow, and no other knot may appear. See issue 17 for how each is to be cut.
     */
    static final List<Set<String>> KNOWN_CYCLES = List.of(); // none left: the core and gateway knots were cut (issue 17)

    /** Module → layer; a module may use modules of lower layers only, and those listed in SAME_LAYER_USES. */
    static final Map<String, Integer> LAYERS = Map.of(
            "core", 0,
            "bloblang", 1, "components", 1,
            "connectors", 2, "gateway", 2,
            "console", 3, "entrypoints", 3,
            "cli", 4);
    /** Uses within one layer that the module graph allows. */
    static final Set<String> SAME_LAYER_USES = Set.of("components -> bloblang");

    private static PackageGraph graph;

    @BeforeAll
    static void load() {
        graph = PackageGraph.load();
    }

    @Test
    void readsTheWholeCodeBase() {
        // Guards against a class path that silently lost a module: then every rule would pass.
        Set<String> modules = new TreeSet<>();
        for (String p : graph.edges.keySet()) modules.add(module(p));
        assertThat(modules).containsAll(LAYERS.keySet());
    }

    @Test
    void noNewOrGrowingPackageCycle() {
        List<String> problems = new ArrayList<>();
        for (SortedSet<String> knot : graph.cycles()) {
            boolean known = KNOWN_CYCLES.stream().anyMatch(k -> k.containsAll(knot));
            if (!known) {
                problems.add("new or grown package cycle " + knot + ":\n      "
                        + String.join("\n      ", graph.edgesWithin(knot)));
            }
        }
        assertThat(problems)
                .as("package cycles (the %d listed in KNOWN_CYCLES are known debt; nothing may add to them)",
                        KNOWN_CYCLES.size())
                .isEmpty();
    }

    @Test
    void knownCyclesListIsUpToDate() {
        // When a knot is cut (or partly cut), the baseline shrinks with it, so it cannot grow back.
        List<SortedSet<String>> now = graph.cycles();
        for (Set<String> known : KNOWN_CYCLES) {
            assertThat(now).as("KNOWN_CYCLES entry %s no longer exists as listed: shrink or remove it", new TreeSet<>(known))
                    .anyMatch(knot -> knot.equals(known));
        }
    }

    @Test
    void noModuleReachesUpALayer() {
        List<String> problems = new ArrayList<>();
        graph.edges.forEach((from, targets) -> targets.forEach((to, example) -> {
            String a = module(from);
            String b = module(to);
            if (a.equals(b) || SAME_LAYER_USES.contains(a + " -> " + b)) return;
            if (LAYERS.get(b) >= LAYERS.get(a)) problems.add(a + " uses " + b + ": " + from + " -> " + to + "   (" + example + ")");
        }));
        assertThat(problems).as("module layering core <- bloblang, components <- connectors, gateway <- console <- cli").isEmpty();
    }

    @Test
    void noTwoMainClassesShareASimpleName() {
        // Two classes of one name make imports ambiguous and stack traces misleading; name each for its role.
        List<String> clashes = new ArrayList<>();
        graph.topLevelClasses.forEach((name, classes) -> {
            if (classes.size() > 1) clashes.add(name + ": " + classes);
        });
        assertThat(clashes).as("main classes with the same simple name").isEmpty();
    }

    /** The module a package belongs to, by its package root. */
    static String module(String pkg) {
        String rest = pkg.substring("io.sluice.".length());
        String root = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (root.equals("entrypoint")) return "entrypoints"; // io.sluice.entrypoint.mqtt, .kafka
        if (!LAYERS.containsKey(root)) throw new IllegalStateException("package " + pkg + " belongs to no known module");
        return root;
    }
}
