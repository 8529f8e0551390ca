package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;
import io.sluice.gateway.runtime.GatewayJson;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The component specs of the registry as JSON, for the Streams & Events wizard: the browser builds each component's
 * form from these, so the forms, the lint and the docs all come from the same {@link ComponentSpec}s. Components a
 * stream API cannot use (stdin, stdout) are left out.
 */
final class ComponentCatalog {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> NOT_IN_AN_API = Set.of("stdin", "stdout");

    private final ObjectNode catalog;

    ComponentCatalog(ComponentRegistry registry) {
        this.catalog = JSON.objectNode();
        for (ComponentKind kind : List.of(ComponentKind.INPUT, ComponentKind.PROCESSOR, ComponentKind.OUTPUT)) {
            ArrayNode list = catalog.putArray(kind.plural());
            for (ComponentSpec spec : registry.specs(kind)) {
                if (spec.status() == ComponentSpec.Status.DEPRECATED || NOT_IN_AN_API.contains(spec.name())) {
                    continue;
                }
                list.add(component(spec));
            }
        }
    }

    /** {@code {"inputs": [...], "processors": [...], "outputs": [...]}}. */
    ObjectNode json() {
        return catalog;
    }

    private static ObjectNode component(ComponentSpec spec) {
        ObjectNode node = JSON.objectNode();
        node.put("name", spec.name());
        node.put("summary", spec.summary());
        node.put("status", spec.status().name().toLowerCase());
        ArrayNode categories = node.putArray("categories");
        spec.categories().forEach(categories::add);
        node.set("config", field(spec.config()));
        return node;
    }

    static ObjectNode field(FieldSpec f) {
        ObjectNode node = JSON.objectNode();
        node.put("name", f.name());
        node.put("type", f.type() == FieldType.ANY ? "any" : f.type().docName());
        node.put("shape", f.shape().name().toLowerCase());
        node.put("required", f.isRequired());
        node.put("advanced", f.isAdvanced());
        node.put("interpolated", f.isInterpolated());
        node.put("description", f.description());
        if (f.hasDefault()) {
            node.set("default", plain(f.defaultValue()));
        }
        if (!f.options().isEmpty()) {
            ArrayNode options = node.putArray("options");
            f.options().forEach(options::add);
        }
        if (!f.examples().isEmpty()) {
            node.set("example", plain(f.examples().getFirst()));
        }
        if (!f.children().isEmpty()) {
            ArrayNode children = node.putArray("children");
            for (FieldSpec child : f.children()) {
                if (!child.isDeprecated()) {
                    children.add(field(child));
                }
            }
        }
        return node;
    }

    private static JsonNode plain(Object value) {
        return GatewayJson.MAPPER.valueToTree(value instanceof Map<?, ?> || value instanceof List<?>
                || value instanceof String || value instanceof Number || value instanceof Boolean || value == null ? value : value.toString());
    }
}
