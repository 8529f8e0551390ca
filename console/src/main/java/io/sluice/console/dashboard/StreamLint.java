package io.sluice.console.dashboard;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.StreamRoutes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Lints the YAML of a stream API's stream as the editor is typed in: YAML syntax, the specs ({@link ConfigValidator}:
 * unknown fields with "did you mean", types, required fields, Bloblang), the gateway's rules for streams inside an API
 * (input and output required, no {@code http} server) and the components' own checks at build time (e.g.
 * {@code address} is refused inside an API). Every problem has a line and column in the text as typed.
 */
final class StreamLint {

    /** One problem, 1-based line and column (0 when the problem has no place). */
    record Problem(int line, int column, String path, String message) {
    }

    private static final String SOURCE = "stream.yaml";

    private final ComponentRegistry registry;

    StreamLint(ComponentRegistry registry) {
        this.registry = registry;
    }

    List<Problem> lint(String yaml) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigNode root;
        try {
            // Variables (${VAR}) are left for the gateway to fill in; lint reads the text as typed.
            root = ConfigLoader.parseRaw(yaml, SOURCE);
        } catch (ConfigException e) {
            return convert(e.problems());
        }
        if (!(root instanceof ConfigNode.MapNode map)) {
            return List.of(new Problem(root.pos().line(), root.pos().column(), "", "a stream config must be an object (input, pipeline, output)"));
        }
        for (String required : List.of("input", "output")) {
            if (map.get(required) == null) {
                problems.add(new ConfigProblem(map.pos(), required, "is required in a stream of an API (there is no stdin or stdout inside the gateway)"));
            }
        }
        if (map.has("http")) {
            problems.add(new ConfigProblem(map.entries().get("http").keyPos(), "http",
                    "is not allowed inside an API: the gateway serves stream endpoints on its own port"));
        }
        problems.addAll(ConfigValidator.withDefaults(registry).validate(root, StreamSpec.ROOT));
        if (problems.isEmpty()) {
            try {
                new StreamBuilder(registry, Map.of(
                        StreamRoutes.class, (StreamRoutes) endpoint -> {
                            throw new IllegalStateException("not mounted while linting");
                        },
                        DeliveryGuard.class, DeliveryGuard.OPEN)).build("lint", root);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        return convert(problems);
    }

    private static List<Problem> convert(List<ConfigProblem> problems) {
        List<Problem> out = new ArrayList<>();
        for (ConfigProblem p : problems) {
            out.add(new Problem(Math.max(0, p.pos().line()), Math.max(0, p.pos().column()), p.path() == null ? "" : p.path(), p.message()));
        }
        out.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return out;
    }
}
