package io.sluice.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML or JSON config text into a {@link ConfigNode} tree with positions, after environment
 * interpolation. JSON is a subset of YAML, but JSON files go through the JSON parser for its
 * sharper error messages.
 */
public final class ConfigLoader {
    private static final YAMLFactory YAML = ReadLimits.yaml();
    private static final JsonFactory JSON = ReadLimits.json(ReadLimits.DOCUMENTS);

    private final EnvInterpolation env;

    public ConfigLoader(EnvInterpolation env) {
        this.env = env;
    }

    public static ConfigLoader withSystemEnv() {
        return new ConfigLoader(EnvInterpolation.system());
    }

    public ConfigNode load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(new Position(file.toString(), 0, 0), "", "cannot read file: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses text; {@code name} is what positions call the source (a file path or a description). */
    public ConfigNode parse(String text, String name) throws ConfigException {
        EnvInterpolation.Result r = env.apply(text, name);
        ConfigNode node = parseRaw(r.text(), name);
        if (!r.problems().isEmpty()) throw new ConfigException(r.problems());
        return node;
    }

    /** Parses without environment interpolation. */
    public static ConfigNode parseRaw(String text, String name) throws ConfigException {
        boolean json = looksLikeJson(text, name);
        JsonParser p = null;
        try {
            p = (json ? JSON : YAML).createParser(text);
            JsonToken t = p.nextToken();
            if (t == null) return new ConfigNode.MapNode(new Position(name, 1, 1), new LinkedHashMap<>());
            ConfigNode root = read(p, t, name);
            if (json && p.nextToken() != null) {
                throw new ConfigException(pos(p.currentTokenLocation(), name), "", "unexpected content after the JSON document");
            }
            return root;
        } catch (JsonProcessingException e) {
            // A document over a read limit has no location of its own: where the parser stood is where it is.
            JsonLocation loc = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            if (nl > 0) msg = msg.substring(0, nl);
            throw new ConfigException(loc == null ? new Position(name, 0, 0) : pos(loc, name), "",
                    (json ? "invalid JSON: " : "invalid YAML: ") + msg);
        } catch (IOException e) {
            throw new ConfigException(new Position(name, 0, 0), "", "cannot parse: " + e.getMessage());
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // nothing was written; closing a reader of a string cannot lose anything
                }
            }
        }
    }

    private static boolean looksLikeJson(String text, String name) {
        if (name.endsWith(".json")) return true;
        if (name.endsWith(".yaml") || name.endsWith(".yml")) return false;
        String t = text.stripLeading();
        return t.startsWith("{");
    }

    private static Position pos(JsonLocation loc, String name) {
        return new Position(name, loc.getLineNr(), loc.getColumnNr());
    }

    private static ConfigNode read(JsonParser p, JsonToken t, String name) throws IOException, ConfigException {
        Position at = pos(p.currentTokenLocation(), name);
        switch (t) {
            case START_OBJECT -> {
                Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    Position keyPos = pos(p.currentTokenLocation(), name);
                    ConfigNode value = read(p, p.nextToken(), name);
                    if (entries.containsKey(key)) {
                        throw new ConfigException(keyPos, key, "duplicate key '" + key + "'");
                    }
                    entries.put(key, new ConfigNode.Entry(key, keyPos, value));
                }
                return new ConfigNode.MapNode(at, entries);
            }
            case START_ARRAY -> {
                List<ConfigNode> items = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) items.add(read(p, e, name));
                return new ConfigNode.ListNode(at, items);
            }
            case VALUE_STRING -> {
                boolean block = false;
                if (p instanceof YAMLParser yp) {
                    // A block scalar (| or >) starts on the line after its indicator.
                    String anchorText = yp.getText();
                    block = anchorText.contains("\n") && at.line() < pos(p.currentLocation(), name).line() - 1;
                }
                return new ConfigNode.ScalarNode(at, p.getText(), p.getText(), block);
            }
            case VALUE_NUMBER_INT -> {
                Object v = switch (p.getNumberType()) {
                    case INT, LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
                return new ConfigNode.ScalarNode(at, v, p.getText(), false);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ConfigNode.ScalarNode(at, p.getDoubleValue(), p.getText(), false);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ConfigNode.ScalarNode(at, t == JsonToken.VALUE_TRUE, p.getText(), false);
            }
            case VALUE_NULL -> {
                return new ConfigNode.ScalarNode(at, null, p.getText() == null ? "" : p.getText(), false);
            }
            default -> throw new ConfigException(at, "", "unexpected token " + t);
        }
    }
}
