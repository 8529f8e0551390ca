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
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path fileOrNull) {
        return load(fileOrNull, System.getenv());
    }

    public static GatewayConfig load(Path fileOrNull, Map<String, String> environment) {
        ObjectNode tree = GatewayJson.MAPPER.valueToTree(GatewayConfig.defaults());
        if (fileOrNull != null) {
            mergeInto(tree, readFile(fileOrNull));
        }
        applyEnvironment(tree, new ArrayList<>(), environment);
        try {
            return GatewayJson.MAPPER.treeToValue(tree, GatewayConfig.class);
        } catch (MismatchedInputException e) {
            throw new ConfigException("Invalid configuration value at '" + pathOf(e) + "': " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Invalid configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode readFile(Path file) {
        try {
            JsonNode node = GatewayJson.MAPPER.readTree(Files.readString(file));
            if (!(node instanceof ObjectNode object)) {
                throw new ConfigException("Configuration file " + file + " must hold a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new ConfigException("Configuration file " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
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
            throw new ConfigException("Environment variable " + variable + "=\"" + value + "\" is not a valid "
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
