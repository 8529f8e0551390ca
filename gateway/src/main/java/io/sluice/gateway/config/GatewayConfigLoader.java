package io.sluice.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.core.spec.Suggestions;
import io.sluice.gateway.runtime.GatewayJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@link GatewayConfig}: defaults, then the JSON file (if any), then environment variables.
 * <p>
 * A key's variable is its path upper-cased with segments joined by {@code _}: {@code listen_port} is
 * {@code SLUICE_GW_LISTEN_PORT}, {@code policies.policy_path} is {@code SLUICE_GW_POLICIES_POLICY_PATH}. For
 * compatibility {@code TYK_GW_} works too, also in Tyk's spelling without the underscores inside a key
 * ({@code TYK_GW_LISTENPORT}, {@code TYK_GW_POLICIES_POLICYPATH}). {@code SLUICE_GW_} wins over {@code TYK_GW_}.
 */
public final class GatewayConfigLoader {

    private GatewayConfigLoader() {
    }

    public static GatewayConfig load(Path fileOrNull) {
        return load(fileOrNull, System.getenv());
    }

    public static GatewayConfig load(Path fileOrNull, Map<String, String> environment) {
        return loadChecked(fileOrNull, environment).config();
    }

    /**
     * The configuration, and the keys it was given that Sluice does not know: a misspelled key in the
     * file, or a {@code SLUICE_GW_} variable that names no setting. Those are ignored; the caller warns
     * (or, in strict mode, refuses to start).
     */
    public record Loaded(GatewayConfig config, List<String> unknownKeys) {
    }

    public static Loaded loadChecked(Path fileOrNull, Map<String, String> environment) {
        ObjectNode tree = GatewayJson.MAPPER.valueToTree(GatewayConfig.defaults());
        List<String> unknown = new ArrayList<>();
        if (fileOrNull != null) {
            ObjectNode file = readFile(fileOrNull);
            unknownKeys(tree, file, "", fileOrNull.toString(), unknown);
            mergeInto(tree, file);
        }
        unknownVariables(tree, environment, unknown);
        applyEnvironment(tree, new ArrayList<>(), environment);
        try {
            return new Loaded(GatewayJson.MAPPER.treeToValue(tree, GatewayConfig.class), List.copyOf(unknown));
        } catch (MismatchedInputException e) {
            throw new GatewayConfigException("Invalid configuration value at '" + pathOf(e) + "': " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new GatewayConfigException("Invalid configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode readFile(Path file) {
        try {
            JsonNode node = GatewayJson.MAPPER.readTree(Files.readString(file));
            if (!(node instanceof ObjectNode object)) {
                throw new GatewayConfigException("Configuration file " + file + " must hold a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new GatewayConfigException("Configuration file " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GatewayConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keys of the file that the defaults do not have. A setting whose default is an empty object is a
     * free-form map (headers, tags...), so its keys are not checked.
     */
    private static void unknownKeys(ObjectNode known, ObjectNode given, String path, String source, List<String> out) {
        given.properties().forEach(entry -> {
            String key = entry.getKey();
            JsonNode def = known.get(key);
            String at = path.isEmpty() ? key : path + "." + key;
            if (def == null) {
                List<String> siblings = new ArrayList<>();
                known.fieldNames().forEachRemaining(siblings::add);
                out.add(source + ": unknown key '" + at + "' (ignored)" + Suggestions.didYouMean(key, siblings));
            } else if (def instanceof ObjectNode defObject && !defObject.isEmpty() && entry.getValue() instanceof ObjectNode child) {
                unknownKeys(defObject, child, at, source, out);
            }
        });
    }

    /** {@code SLUICE_GW_} variables that name no setting (the {@code TYK_GW_} ones may be for Tyk itself). */
    private static void unknownVariables(ObjectNode defaults, Map<String, String> environment, List<String> out) {
        List<String> known = new ArrayList<>();
        collectVariables(defaults, new ArrayList<>(), known);
        environment.keySet().stream().filter(v -> v.startsWith("SLUICE_GW_")).sorted().forEach(v -> {
            if (!known.contains(v)) {
                String near = Suggestions.closest(v, known);
                out.add("environment: " + v + " is not a gateway setting (ignored)" + (near == null ? "" : ", did you mean " + near + "?"));
            }
        });
    }

    private static void collectVariables(ObjectNode node, List<String> path, List<String> out) {
        node.properties().forEach(entry -> {
            List<String> keyPath = new ArrayList<>(path);
            keyPath.add(entry.getKey());
            if (entry.getValue() instanceof ObjectNode child && !child.isEmpty()) {
                collectVariables(child, keyPath, out);
            } else {
                out.add(variableNames(keyPath).get(0));
            }
        });
    }

    /** Objects merge key by key; anything else in the file replaces the default. */
    private static void mergeInto(ObjectNode target, ObjectNode source) {
        source.properties().forEach(entry -> {
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode sourceObject) {
                mergeInto(existingObject, sourceObject);
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        });
    }

    private static void applyEnvironment(ObjectNode node, List<String> path, Map<String, String> environment) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        List<Map.Entry<String, JsonNode>> snapshot = new ArrayList<>();
        fields.forEachRemaining(snapshot::add);
        for (Map.Entry<String, JsonNode> field : snapshot) {
            List<String> keyPath = new ArrayList<>(path);
            keyPath.add(field.getKey());
            if (field.getValue() instanceof ObjectNode child) {
                applyEnvironment(child, keyPath, environment);
                continue;
            }
            String variable = null;
            String value = null;
            for (String candidate : variableNames(keyPath)) {
                if (environment.containsKey(candidate)) {
                    variable = candidate;
                    value = environment.get(candidate);
                    break;
                }
            }
            if (variable != null) {
                node.set(field.getKey(), convert(variable, value, field.getValue()));
            }
        }
    }

    /** In order of precedence. */
    static List<String> variableNames(List<String> keyPath) {
        String joined = String.join("_", keyPath).toUpperCase(Locale.ROOT);
        String tykStyle = String.join("_", keyPath.stream().map(k -> k.replace("_", "")).toList()).toUpperCase(Locale.ROOT);
        List<String> names = new ArrayList<>(List.of("SLUICE_GW_" + joined, "TYK_GW_" + joined));
        if (!tykStyle.equals(joined)) {
            names.add("TYK_GW_" + tykStyle);
        }
        return names;
    }

    /**
     * The default tells the type: the variable must parse as that type. A list is a JSON array
     * ({@code [{"domain_name": ...}]}) or comma-separated strings ({@code file,stdin}).
     */
    private static JsonNode convert(String variable, String value, JsonNode defaultValue) {
        try {
            if (defaultValue.isArray()) {
                if (value.trim().startsWith("[")) {
                    JsonNode list = GatewayJson.MAPPER.readTree(value);
                    if (!list.isArray()) {
                        throw new IllegalArgumentException("expected a JSON array");
                    }
                    return list;
                }
                ArrayNode list = GatewayJson.MAPPER.createArrayNode();
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        list.add(item.trim());
                    }
                }
                return list;
            }
            if (defaultValue.isBoolean()) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("expected true or false");
                }
                return BooleanNode.valueOf(Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
            }
            if (defaultValue.isInt()) {
                return IntNode.valueOf(Integer.parseInt(value.trim()));
            }
            if (defaultValue.isNumber()) {
                return DoubleNode.valueOf(Double.parseDouble(value.trim()));
            }
            return TextNode.valueOf(value);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new GatewayConfigException("Environment variable " + variable + "=\"" + value + "\" is not a valid "
                    + defaultValue.getNodeType().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
    }

    private static String pathOf(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        });
        return path.toString();
    }
}
