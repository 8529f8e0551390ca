package io.sluice.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dependencies between Sluice's main-code packages, as the compiled classes show them, and the
 * package cycles in them. A cycle is reported as one strongly connected component: the set of
 * packages that all reach each other, which is what has to be cut apart, however many individual
 * loops run through it.
 */
final class PackageGraph {
    /** package → packages it uses (only Sluice packages, never itself), with one example per edge. */
    final Map<String, Map<String, String>> edges = new TreeMap<>();
    /** simple name of a top-level class → the fully qualified names that use it. */
    final Map<String, SortedSet<String>> topLevelClasses = new TreeMap<>();

    static PackageGraph load() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sluice");
        PackageGraph g = new PackageGraph();
        for (JavaClass c : classes) {
            String from = c.getPackageName();
            if (!isMain(from)) continue;
            g.edges.computeIfAbsent(from, k -> new TreeMap<>());
            if (c.isTopLevelClass() && !c.getSimpleName().equals("package-info")) {
                g.topLevelClasses.computeIfAbsent(c.getSimpleName(), k -> new TreeSet<>()).add(c.getName());
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getBaseComponentType().getPackageName();
                if (to.equals(from) || !isMain(to)) continue;
                g.edges.get(from).putIfAbsent(to, d.getDescription());
            }
        }
        return g;
    }

    /** Main code of the product modules; the tests' own helpers (testkit, this module) are not judged. */
    private static boolean isMain(String pkg) {
        return pkg.startsWith("io.sluice.") && !pkg.startsWith("io.sluice.testkit") && !pkg.startsWith("io.sluice.architecture");
    }

    /** Every set of two or more packages that depend on each other in a circle (Tarjan's algorithm). */
    List<SortedSet<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<SortedSet<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String p : edges.keySet()) {
            if (!index.containsKey(p)) strongConnect(p, index, low, stack, onStack, out, counter);
        }
        return out;
    }

    private void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                               Set<String> onStack, List<SortedSet<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            SortedSet<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) out.add(component);
        }
    }

    /** The edges inside one cycle, each with one class-level example, to show where to cut. */
    List<String> edgesWithin(Set<String> component) {
        List<String> out = new ArrayList<>();
        for (String from : component) {
            edges.getOrDefault(from, Map.of()).forEach((to, example) -> {
                if (component.contains(to)) out.add(from + " -> " + to + "   (" + example + ")");
            });
        }
        return out;
    }
}
