package io.sluice.gateway.streamapi;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.config.EnvInterpolation;
import io.sluice.core.config.Position;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentNode;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a stream inside an API definition may not do unless the gateway's {@code streaming.allow_unsafe} lists it:
 * reach the host the gateway runs on. Whoever may post an API definition must not be able to read its files, open
 * sockets from it, run processes on it or read its environment. Refused are
 * <ul>
 *   <li>the components that do so, by name, including those Sluice does not have yet (so they are refused the day
 *       they are added): inputs {@code csv}, {@code dynamic}, {@code file}, {@code inproc}, {@code socket},
 *       {@code socket_server}, {@code stdin}, {@code subprocess}; processors {@code command}, {@code subprocess},
 *       {@code wasm}; outputs {@code file}, {@code inproc}, {@code socket}, {@code stdout}; caches {@code file};</li>
 *   <li>the Bloblang functions {@code env()}, {@code hostname()}, {@code file()} and {@code file_rel()} and Bloblang
 *       imports of files (allowed by {@code env}, {@code hostname} and {@code file}), also in mappings built from
 *       data, since mappings are compiled with a restricted library;</li>
 *   <li>fields of other components that name host files ({@link #FILE_FIELDS}: json_schema's {@code schema_path},
 *       grok's {@code pattern_paths}, protobuf's {@code import_paths} and {@code descriptor_sets}; allowed by
 *       {@code file});</li>
 *   <li>{@code ${VAR}} environment variables in the stream's text (allowed by {@code env}).</li>
 * </ul>
 * Streams run with {@code sluice run} are not API streams and keep every component.
 */
final class HostAccess {

    static final Map<ComponentKind, Set<String>> UNSAFE_COMPONENTS = Map.of(
            ComponentKind.INPUT, Set.of("csv", "dynamic", "file", "inproc", "socket", "socket_server", "stdin", "subprocess"),
            ComponentKind.PROCESSOR, Set.of("command", "subprocess", "wasm"),
            ComponentKind.OUTPUT, Set.of("file", "inproc", "socket", "stdout"),
            ComponentKind.CACHE, Set.of("file"));

    /**
     * Fields of safe components that name files on the gateway host (schemas, pattern files, .proto imports): refused
     * in API streams unless {@code file} is allowed, since what the file holds shows through the component's errors.
     */
    static final Map<ComponentKind, Map<String, Set<String>>> FILE_FIELDS = Map.of(
            ComponentKind.PROCESSOR, Map.of(
                    "json_schema", Set.of("schema_path"),
                    "grok", Set.of("pattern_paths"),
                    "protobuf", Set.of("import_paths", "descriptor_sets")));

    /** Bloblang function → the {@code allow_unsafe} name that allows it. */
    static final Map<String, String> UNSAFE_FUNCTIONS = Map.of("env", "env", "hostname", "hostname", "file", "file", "file_rel", "file");

    private static final String SETTING = "streaming.allow_unsafe";
    private static final String ENV_PLACEHOLDER = "0";

    private final ComponentRegistry registry;
    private final Set<String> allowed;
    private volatile ExpressionLanguage language;

    HostAccess(ComponentRegistry registry, List<String> allowUnsafe) {
        this.registry = registry;
        this.allowed = Set.copyOf(allowUnsafe);
    }

    /** Parses a stream's text; {@code ${VAR}} reads the environment only when {@code env} is allowed. */
    ConfigNode parse(String text, String name, List<ConfigProblem> problems) throws ConfigException {
        if (allowed.contains("env")) {
            return ConfigLoader.withSystemEnv().parse(text, name);
        }
        Set<String> variables = new LinkedHashSet<>();
        ConfigNode tree = new ConfigLoader(new EnvInterpolation(variable -> {
            variables.add(variable);
            return ENV_PLACEHOLDER;
        })).parse(text, name);
        for (String variable : variables) {
            problems.add(new ConfigProblem(positionOf(text, "${" + variable, name), "",
                    "${" + variable + "} reads an environment variable of the gateway host; " + allowWith("env")));
        }
        return tree;
    }

    /** The unsafe components a stream config uses, each at its position and path (e.g. {@code input.file}). */
    List<ConfigProblem> refusals(ConfigNode root, FieldSpec rootSpec) {
        List<ConfigProblem> problems = new ArrayList<>();
        walk(root, rootSpec, "", problems);
        return problems;
    }

    /** The mapping language API streams are built with: unsafe functions and file imports refused unless allowed. */
    ExpressionLanguage language() {
        ExpressionLanguage current = language;
        if (current == null) {
            Map<String, String> refused = new LinkedHashMap<>();
            UNSAFE_FUNCTIONS.forEach((function, setting) -> {
                if (!allowed.contains(setting)) {
                    refused.put(function, "function " + function + "() reaches the gateway host; " + allowWith(setting));
                }
            });
            String imports = allowed.contains("file") ? null : "imports read files of the gateway host; " + allowWith("file");
            current = ExpressionLanguage.get().refusing(refused, imports);
            language = current;
        }
        return current;
    }

    private void walk(ConfigNode node, FieldSpec spec, String path, List<ConfigProblem> problems) {
        if (node == null || node instanceof ConfigNode.ScalarNode s && s.isNull()) {
            return;
        }
        switch (spec.shape()) {
            case ARRAY -> {
                if (node instanceof ConfigNode.ListNode list) {
                    for (int i = 0; i < list.items().size(); i++) {
                        walk(list.items().get(i), spec.element(), join(path, Integer.toString(i)), problems);
                    }
                }
            }
            case MAP -> {
                if (node instanceof ConfigNode.MapNode map) {
                    map.entries().forEach((key, entry) -> walk(entry.value(), spec.element(), join(path, key), problems));
                }
            }
            case SCALAR -> {
                ComponentKind kind = spec.type().componentKind();
                if (kind != null) {
                    component(node, kind, path, problems);
                } else if (node instanceof ConfigNode.MapNode map) {
                    map.entries().forEach((key, entry) -> spec.child(key)
                            .ifPresent(child -> walk(entry.value(), child, join(path, key), problems)));
                }
            }
        }
    }

    private void component(ConfigNode node, ComponentKind kind, String path, List<ConfigProblem> problems) {
        if (!(ComponentNode.parse(node, kind) instanceof ComponentNode component)) {
            return; // lint reports the malformed component
        }
        String type = component.type();
        String typePath = join(path, type);
        if (UNSAFE_COMPONENTS.getOrDefault(kind, Set.of()).contains(type) && !allowed.contains(type)) {
            problems.add(new ConfigProblem(component.typePos(), typePath, "the " + type + " " + kind.singular()
                    + " reaches the gateway host (its files, sockets, processes or terminal); " + allowWith(type)));
        }
        if (!allowed.contains("file") && component.config() instanceof ConfigNode.MapNode fields) {
            for (String field : FILE_FIELDS.getOrDefault(kind, Map.of()).getOrDefault(type, Set.of())) {
                ConfigNode.Entry entry = fields.entries().get(field);
                if (entry != null && names(entry.value())) {
                    problems.add(new ConfigProblem(entry.keyPos(), join(typePath, field), "the " + type + " " + kind.singular()
                            + "'s " + field + " reads files of the gateway host; " + allowWith("file")));
                }
            }
        }
        if (component.processors() != null) {
            walk(component.processors(), FieldSpec.processors("processors"), join(path, "processors"), problems);
        }
        if (!type.equals("resource")) {
            registry.find(kind, type).ifPresent(registration -> walk(component.config(), registration.spec().config(), typePath, problems));
        }
    }

    /** Whether a field's value names something: a non-empty string or list. */
    private static boolean names(ConfigNode value) {
        return switch (value) {
            case ConfigNode.ListNode list -> !list.items().isEmpty();
            case ConfigNode.ScalarNode scalar -> !scalar.isNull() && !String.valueOf(scalar.value()).isEmpty();
            default -> true;
        };
    }

    private static String allowWith(String name) {
        return "refused in API definitions unless the gateway config allows it with " + SETTING + ": [\"" + name + "\"]";
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Position positionOf(String text, String needle, String name) {
        int at = text.indexOf(needle);
        if (at < 0) {
            return new Position(name, 0, 0);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(name, line, at - lineStart + 1);
    }
}
