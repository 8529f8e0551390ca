package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.apis.ApiDocuments;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.gateway.apidef.ApiDefinitionParser;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.management.GatewayControl;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.StreamRoutes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints the YAML of a stream API's stream as the editor is typed in: YAML syntax, the specs ({@link ConfigValidator}:
 * unknown fields with "did you mean", types, required fields, Bloblang), the gateway's rules for streams inside an API
 * (input and output required, no {@code http} server) and the components' own checks at build time (e.g.
 * {@code address} is refused inside an API). When all of that passes, the gateway's own check of a stream API runs too
 * (what a stream API may not do on the gateway host: unsafe components, {@code ${VAR}}s, endpoint paths), so lint
 * finds what Save API would be refused for. Every problem has a line and column in the text as typed when there is one.
 */
final class StreamLint {

    /** One problem, 1-based line and column (0 when the problem has no place). */
    record Problem(int line, int column, String path, String message) {
    }

    private static final String SOURCE = "stream.yaml";
    private static final String API_ID = "dashboard-lint";
    private static final String STREAM = "default";
    /** One problem of a refused definition: "field (line L, column C of the YAML): message [API 'id', stream 'name']". */
    private static final Pattern GATEWAY_PROBLEM = Pattern.compile(
            "(?:^|; )x-tyk-streaming\\.streams\\." + STREAM + "\\.?([^:(]*?)(?: \\(line (\\d+), column (\\d+) of the YAML\\))?: (.*?) \\[API '"
                    + API_ID + "', stream '" + STREAM + "'\\]");

    private final ComponentRegistry registry;
    private final GatewayControl gateway;
    private final ApiDefinitionParser parser = new ApiDefinitionParser();

    StreamLint(ComponentRegistry registry, GatewayControl gateway) {
        this.registry = registry;
        this.gateway = gateway;
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
        if (problems.isEmpty()) {
            return gatewayCheck(yaml);
        }
        return convert(problems);
    }

    /** The gateway's check of a stream API holding this stream, its refusal split back into problems. */
    private List<Problem> gatewayCheck(String yaml) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", API_ID).put("version", "1");
        doc.putObject("paths");
        ObjectNode ext = doc.putObject(ApiDocuments.EXT);
        ext.putObject("info").put("id", API_ID).put("name", API_ID).putObject("state").put("active", true);
        ext.putObject("server").putObject("listenPath").put("value", "/" + API_ID + "/");
        doc.putObject(ApiDocuments.STREAMING).putObject("streams").put(STREAM, yaml);
        try {
            gateway.check(parser.parse(doc));
            return List.of();
        } catch (InvalidApiDefinitionException e) {
            List<Problem> out = new ArrayList<>();
            Matcher m = GATEWAY_PROBLEM.matcher(e.getMessage());
            while (m.find()) {
                int line = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                int column = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                out.add(new Problem(line, column, m.group(1).trim(), m.group(4)));
            }
            if (out.isEmpty()) {
                out.add(new Problem(0, 0, e.field(), e.getMessage()));
            }
            return out;
        }
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
