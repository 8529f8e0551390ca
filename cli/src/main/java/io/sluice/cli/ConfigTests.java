package io.sluice.cli;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.config.EnvInterpolation;
import io.sluice.core.config.Position;
import io.sluice.core.engine.Processors;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.regex.Regex;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ConfigValidator;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Config unit tests in the dialect's format: finds them (in a config's {@code tests} section or in
 * {@code *_test.yaml} / {@code *_benthos_test.yaml} files), runs the targeted processors over the
 * given messages, and checks what comes out.
 */
final class ConfigTests {
    private static final String[] TEST_SUFFIXES = {"_benthos_test", "_test"};

    private final ComponentRegistry registry;

    ConfigTests(ComponentRegistry registry) {
        this.registry = registry;
    }

    /** One test file's result: how many tests ran and the failure report of each failed one (name and line first). */
    record FileResult(Path file, int tests, List<String> failures) {
        boolean passed() {
            return failures.isEmpty();
        }
    }

    // ---- finding tests ----

    /**
     * The files holding tests, for the command's arguments: files as given (a config also brings its test files),
     * folders (their own files), and {@code dir/...} (the whole tree below).
     */
    static List<Path> find(List<String> args) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path p : ConfigPaths.expand(args, p -> isYaml(p) && (isTestFile(p) || hasInlineTests(p)))) {
            files.add(p.normalize());
            // A config named on its own brings the test files beside it.
            if (!isTestFile(p)) for (Path sibling : testFilesOf(p)) files.add(sibling.normalize());
        }
        return new ArrayList<>(files);
    }

    static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    static boolean isTestFile(Path p) {
        String stem = stem(p);
        for (String s : TEST_SUFFIXES) if (stem.endsWith(s)) return true;
        return false;
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot) : "";
    }

    private static List<Path> testFilesOf(Path config) {
        List<Path> out = new ArrayList<>();
        for (String s : TEST_SUFFIXES) {
            Path t = config.resolveSibling(stem(config) + s + extension(config));
            if (Files.isRegularFile(t)) out.add(t);
        }
        return out;
    }

    /** The config a test file belongs to by its name ({@code foo_benthos_test.yaml} → {@code foo.yaml}), or null. */
    private static Path configOf(Path testFile) {
        String stem = stem(testFile);
        for (String s : TEST_SUFFIXES) {
            if (!stem.endsWith(s)) continue;
            String base = stem.substring(0, stem.length() - s.length());
            for (String ext : new String[]{extension(testFile), ".yaml", ".yml"}) {
                Path c = testFile.resolveSibling(base + ext);
                if (Files.isRegularFile(c)) return c;
            }
        }
        return null;
    }

    private static boolean hasInlineTests(Path p) {
        try {
            return ConfigLoader.parseRaw(Files.readString(p), p.toString()) instanceof ConfigNode.MapNode m && m.has("tests");
        } catch (Exception e) {
            return false; // not a config at all: lint reports it, the tests skip it
        }
    }

    // ---- running ----

    FileResult run(Path file) {
        ConfigNode root;
        try {
            root = ConfigLoader.parseRaw(Files.readString(file), file.toString());
        } catch (ConfigException e) {
            return new FileResult(file, 0, List.of(problems(e.problems())));
        } catch (IOException e) {
            return new FileResult(file, 0, List.of("cannot read " + file + ": " + e.getMessage()));
        }
        if (!(root instanceof ConfigNode.MapNode m) || m.get("tests") == null) return new FileResult(file, 0, List.of()); // no tests here
        List<ConfigProblem> problems = ConfigValidator.withDefaults(registry).validate(onlyTests(m), StreamSpec.ROOT);
        if (!problems.isEmpty()) return new FileResult(file, 0, List.of(problems(problems)));
        Conf conf = new Conf(root, StreamSpec.ROOT, "", root.pos(), null);
        Path defaultConfig = isTestFile(file) ? configOf(file) : file;
        if (defaultConfig == null) defaultConfig = file;
        List<Conf> tests = conf.list("tests");
        List<String> failures = new ArrayList<>();
        for (Conf test : tests) {
            List<String> problemsOfTest = runOne(file, defaultConfig, test);
            if (!problemsOfTest.isEmpty()) {
                failures.add(test.string("name") + " [line " + test.position().line() + "]:\n" + String.join("\n", problemsOfTest));
            }
        }
        return new FileResult(file, tests.size(), failures);
    }

    /** A test file is checked for its {@code tests} only: the rest may be a whole config, which its own lint covers. */
    private static ConfigNode onlyTests(ConfigNode.MapNode m) {
        Map<String, ConfigNode.Entry> e = new LinkedHashMap<>();
        e.put("tests", m.entries().get("tests"));
        return new ConfigNode.MapNode(m.pos(), e);
    }

    private static String problems(List<ConfigProblem> problems) {
        List<String> lines = new ArrayList<>();
        for (ConfigProblem p : problems) lines.add(p.toString());
        return String.join("\n", lines);
    }

    private List<String> runOne(Path testFile, Path defaultConfig, Conf test) {
        List<Processor> processors;
        try {
            processors = target(testFile, defaultConfig, test);
        } catch (ConfigException e) {
            return List.of("cannot build the target: " + problems(e.problems()));
        } catch (Exception e) {
            return List.of("cannot build the target: " + e.getMessage());
        }
        try {
            List<Batch> inputs = inputBatches(testFile, test);
            List<Batch> outputs = new ArrayList<>();
            for (Batch in : inputs) outputs.addAll(Processors.apply(processors, in));
            return check(testFile, test.child("output_batches").node(), outputs);
        } catch (Exception e) {
            return List.of(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            for (Processor p : processors) {
                try {
                    p.close();
                } catch (Exception ignored) {
                    // a test's processor that fails to close does not change the verdict
                }
            }
        }
    }

    /** Builds the processors a test targets, with its mocks swapped in and its environment applied. */
    private List<Processor> target(Path testFile, Path defaultConfig, Conf test) throws Exception {
        String mappingFile = test.string("target_mapping");
        if (mappingFile != null && !mappingFile.isEmpty()) {
            Path f = testFile.resolveSibling(mappingFile);
            String mapping = Files.readString(f);
            Position pos = new Position(f.toString(), 1, 1);
            ConfigNode emptyConfig = new ConfigNode.MapNode(pos, new LinkedHashMap<>());
            Map<String, ConfigNode.Entry> e = new LinkedHashMap<>();
            e.put("mapping", new ConfigNode.Entry("mapping", pos, new ConfigNode.ScalarNode(pos, mapping, mapping, true)));
            return new StreamBuilder(registry).buildProcessors(stem(f), emptyConfig, new ConfigNode.MapNode(pos, e), "mapping");
        }
        String target = test.string("target_processors");
        Path configFile = defaultConfig;
        int hash = target.indexOf('#');
        if (hash >= 0) {
            configFile = testFile.resolveSibling(target.substring(0, hash)).normalize();
            target = target.substring(hash + 1);
        }
        Map<String, String> env = test.stringMap("environment");
        ConfigNode root = new ConfigLoader(new EnvInterpolation(k -> env.containsKey(k) ? env.get(k) : System.getenv(k))).load(configFile);
        ConfigNode mocks = test.child("mocks").node();
        if (mocks instanceof ConfigNode.MapNode m) {
            for (ConfigNode.Entry mock : m.entries().values()) {
                String key = mock.key();
                ConfigNode replaced = key.startsWith("/") ? replaceAt(root, pointer(key), 0, mock.value()) : replaceLabel(root, key, mock.value());
                if (replaced == root) throw new ConfigException(mock.keyPos(), "mocks", "nothing in " + configFile + " matches the mock '" + key + "'");
                root = replaced;
            }
        }
        ConfigNode targetNode = target.startsWith("/") || target.isEmpty() ? at(root, pointer(target)) : findLabel(root, target);
        if (targetNode == null) {
            throw new ConfigException(test.child("target_processors").position(), "target_processors",
                    "nothing in " + configFile + " matches '" + target + "' (expected a JSON Pointer such as /pipeline/processors or a processor label)");
        }
        return new StreamBuilder(registry).buildProcessors(stem(configFile), root, targetNode, target);
    }

    // ---- JSON Pointers and labels over config trees ----

    static List<String> pointer(String p) {
        List<String> out = new ArrayList<>();
        if (p.isEmpty() || p.equals("/")) return out;
        for (String s : p.substring(1).split("/", -1)) out.add(s.replace("~1", "/").replace("~0", "~"));
        return out;
    }

    private static ConfigNode at(ConfigNode node, List<String> path) {
        for (String seg : path) {
            if (node instanceof ConfigNode.MapNode m) node = m.get(seg);
            else if (node instanceof ConfigNode.ListNode l && seg.matches("\\d+") && Integer.parseInt(seg) < l.items().size()) node = l.items().get(Integer.parseInt(seg));
            else return null;
            if (node == null) return null;
        }
        return node;
    }

    /** A copy of {@code node} with the node at {@code path} replaced; the same node when the path leads nowhere. */
    private static ConfigNode replaceAt(ConfigNode node, List<String> path, int i, ConfigNode replacement) {
        if (i == path.size()) return replacement;
        String seg = path.get(i);
        if (node instanceof ConfigNode.MapNode m && m.get(seg) != null) {
            ConfigNode child = replaceAt(m.get(seg), path, i + 1, replacement);
            if (child == m.get(seg)) return node;
            Map<String, ConfigNode.Entry> e = new LinkedHashMap<>(m.entries());
            e.put(seg, new ConfigNode.Entry(seg, m.entries().get(seg).keyPos(), child));
            return new ConfigNode.MapNode(m.pos(), e);
        }
        if (node instanceof ConfigNode.ListNode l && seg.matches("\\d+") && Integer.parseInt(seg) < l.items().size()) {
            int idx = Integer.parseInt(seg);
            ConfigNode child = replaceAt(l.items().get(idx), path, i + 1, replacement);
            if (child == l.items().get(idx)) return node;
            List<ConfigNode> items = new ArrayList<>(l.items());
            items.set(idx, child);
            return new ConfigNode.ListNode(l.pos(), items);
        }
        return node;
    }

    private static boolean hasLabel(ConfigNode node, String label) {
        return node instanceof ConfigNode.MapNode m && m.get("label") instanceof ConfigNode.ScalarNode s && label.equals(s.value());
    }

    private static ConfigNode findLabel(ConfigNode node, String label) {
        if (hasLabel(node, label)) return node;
        List<ConfigNode> children = node instanceof ConfigNode.MapNode m ? m.entries().values().stream().map(ConfigNode.Entry::value).toList()
                : node instanceof ConfigNode.ListNode l ? l.items() : List.of();
        for (ConfigNode c : children) {
            ConfigNode found = findLabel(c, label);
            if (found != null) return found;
        }
        return null;
    }

    /** Every processor labelled {@code label} becomes {@code mock} (keeping the label, so references to it still resolve). */
    private static ConfigNode replaceLabel(ConfigNode node, String label, ConfigNode mock) {
        if (hasLabel(node, label)) {
            Map<String, ConfigNode.Entry> e = new LinkedHashMap<>();
            ConfigNode.Entry labelEntry = ((ConfigNode.MapNode) node).entries().get("label");
            e.put("label", labelEntry);
            if (mock instanceof ConfigNode.MapNode mm) mm.entries().forEach((k, v) -> { if (!k.equals("label")) e.put(k, v); });
            return new ConfigNode.MapNode(mock.pos(), e);
        }
        if (node instanceof ConfigNode.MapNode m) {
            Map<String, ConfigNode.Entry> e = new LinkedHashMap<>();
            boolean changed = false;
            for (ConfigNode.Entry en : m.entries().values()) {
                ConfigNode v = replaceLabel(en.value(), label, mock);
                changed |= v != en.value();
                e.put(en.key(), v == en.value() ? en : new ConfigNode.Entry(en.key(), en.keyPos(), v));
            }
            return changed ? new ConfigNode.MapNode(m.pos(), e) : node;
        }
        if (node instanceof ConfigNode.ListNode l) {
            List<ConfigNode> items = new ArrayList<>();
            boolean changed = false;
            for (ConfigNode c : l.items()) {
                ConfigNode v = replaceLabel(c, label, mock);
                changed |= v != c;
                items.add(v);
            }
            return changed ? new ConfigNode.ListNode(l.pos(), items) : node;
        }
        return node;
    }

    // ---- messages in ----

    private static List<Batch> inputBatches(Path testFile, Conf test) throws IOException {
        List<Batch> out = new ArrayList<>();
        if (test.child("input_batch").node() != null) out.add(batch(testFile, test.child("input_batch").node()));
        if (test.child("input_batches").node() instanceof ConfigNode.ListNode l) {
            for (ConfigNode b : l.items()) out.add(batch(testFile, b));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("the test has no input_batch or input_batches");
        return out;
    }

    private static Batch batch(Path testFile, ConfigNode node) throws IOException {
        if (!(node instanceof ConfigNode.ListNode l)) throw new IllegalArgumentException(node.pos() + ": expected a list of messages");
        Batch b = new Batch();
        for (ConfigNode m : l.items()) {
            if (!(m instanceof ConfigNode.MapNode msg)) throw new IllegalArgumentException(m.pos() + ": expected a message (content, json_content, metadata)");
            Part part;
            if (msg.get("json_content") != null) part = new Part(Structured.toJsonBytes(msg.get("json_content").toPlain()));
            else if (msg.get("file_content") != null) part = new Part(Files.readAllBytes(testFile.resolveSibling(String.valueOf(msg.get("file_content").toPlain()))));
            else part = Part.of(msg.get("content") == null ? "" : scalarText(msg.get("content")));
            if (msg.get("metadata") instanceof ConfigNode.MapNode meta) {
                meta.entries().forEach((k, v) -> part.setMeta(k, v.value().toPlain()));
            }
            b.add(part);
        }
        return b;
    }

    private static String scalarText(ConfigNode n) {
        return n instanceof ConfigNode.ScalarNode s && s.value() instanceof String str ? str : n instanceof ConfigNode.ScalarNode s ? s.text() : Structured.toJson(n.toPlain());
    }

    // ---- what comes out ----

    private List<String> check(Path testFile, ConfigNode expected, List<Batch> actual) {
        List<String> failures = new ArrayList<>();
        List<ConfigNode> batches = expected instanceof ConfigNode.ListNode l ? l.items() : List.of();
        if (batches.size() != actual.size()) {
            failures.add("wrong batch count: expected " + batches.size() + ", got " + actual.size());
            return failures;
        }
        for (int bi = 0; bi < batches.size(); bi++) {
            List<ConfigNode> msgs = batches.get(bi) instanceof ConfigNode.ListNode l ? l.items() : List.of();
            Batch got = actual.get(bi);
            if (msgs.size() != got.size()) {
                failures.add("batch " + bi + ": wrong message count: expected " + msgs.size() + ", got " + got.size());
                continue;
            }
            for (int mi = 0; mi < msgs.size(); mi++) {
                if (!(msgs.get(mi) instanceof ConfigNode.MapNode conds)) continue;
                for (ConfigNode.Entry c : conds.entries().values()) {
                    String problem = condition(testFile, c.key(), c.value(), got, mi);
                    if (problem != null) failures.add("batch " + bi + " message " + mi + ": " + c.key() + ": " + problem);
                }
            }
        }
        return failures;
    }

    /** Null when the condition holds, else what differs. */
    private String condition(Path testFile, String kind, ConfigNode cond, Batch batch, int index) {
        Part part = batch.get(index);
        try {
            switch (kind) {
                case "bloblang" -> {
                    boolean ok = ExpressionLanguage.get().parseMapping(scalarText(cond)).check(batch, index);
                    return ok ? null : "the query was false\n  content: " + part.text();
                }
                case "content_equals" -> {
                    String want = scalarText(cond);
                    return want.equals(part.text()) ? null : "content mismatch\n  expected: " + want + "\n  received: " + part.text();
                }
                case "content_matches" -> {
                    String re = scalarText(cond);
                    return Regex.compile(re).find(part.text()) ? null : "pattern " + re + " does not match\n  received: " + part.text();
                }
                case "metadata_equals" -> {
                    if (!(cond instanceof ConfigNode.MapNode m)) return "expected a map of metadata keys to values";
                    List<String> wrong = new ArrayList<>();
                    m.entries().forEach((k, v) -> {
                        Object have = part.meta(k);
                        if (have == null) wrong.add("metadata key '" + k + "' expected but not found");
                        else if (!sameValue(have, v.value().toPlain())) wrong.add("metadata key '" + k + "' mismatch\n  expected: " + v.value().toPlain() + "\n  received: " + have);
                    });
                    return wrong.isEmpty() ? null : String.join("\n", wrong);
                }
                case "json_equals", "json_contains", "file_json_equals" -> {
                    Object want = kind.equals("file_json_equals")
                            ? Structured.parseJson(Files.readAllBytes(testFile.resolveSibling(scalarText(cond))))
                            : cond instanceof ConfigNode.ScalarNode s && s.value() instanceof String str ? Structured.parseJson(str) : cond.toPlain();
                    Object have = Structured.parseJson(part.bytes());
                    boolean ok = kind.equals("json_contains") ? contains(have, want) : sameValue(have, want);
                    return ok ? null : (kind.equals("json_contains") ? "JSON superset mismatch" : "JSON content mismatch")
                            + "\n  expected: " + Structured.toJson(want) + "\n  received: " + part.text();
                }
                case "file_equals" -> {
                    String want = Files.readString(testFile.resolveSibling(scalarText(cond)), StandardCharsets.UTF_8);
                    return want.equals(part.text()) ? null : "content mismatch with file\n  expected: " + want + "\n  received: " + part.text();
                }
                default -> {
                    return "unknown condition (expected bloblang, content_equals, content_matches, metadata_equals, json_equals, json_contains, file_equals or file_json_equals)";
                }
            }
        } catch (Exception e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /** Structural equality where 1 and 1.0 are the same number, as they are in JSON. */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) if (!y.containsKey(e.getKey()) || !sameValue(e.getValue(), y.get(e.getKey()))) return false;
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!sameValue(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a instanceof byte[] x) a = new String(x, StandardCharsets.UTF_8);
        if (b instanceof byte[] y) b = new String(y, StandardCharsets.UTF_8);
        if (a != null && b != null && a.getClass() != b.getClass()) return String.valueOf(a).equals(String.valueOf(b));
        return Objects.equals(a, b);
    }

    /** True when {@code have} holds everything of {@code want}: keys of objects, and each element of an array in some element. */
    static boolean contains(Object have, Object want) {
        if (want instanceof Map<?, ?> w) {
            if (!(have instanceof Map<?, ?> h)) return false;
            for (Map.Entry<?, ?> e : w.entrySet()) if (!h.containsKey(e.getKey()) || !contains(h.get(e.getKey()), e.getValue())) return false;
            return true;
        }
        if (want instanceof List<?> w) {
            if (!(have instanceof List<?> h)) return false;
            for (Object item : w) if (h.stream().noneMatch(x -> contains(x, item))) return false;
            return true;
        }
        return sameValue(have, want);
    }

    // ---- the report ----

    /** Prints the result of each file in the dialect's style, then the failures; returns whether all passed. */
    static boolean report(List<FileResult> results, PrintStream out) {
        boolean ok = true;
        for (FileResult r : results) {
            out.println("Test '" + r.file() + "' " + (r.passed() ? "succeeded" : "failed"));
            ok &= r.passed();
        }
        if (!ok) {
            out.println();
            out.println("Failures:");
            for (FileResult r : results) {
                if (r.passed()) continue;
                out.println();
                out.println("--- " + r.file() + " ---");
                for (String f : r.failures()) {
                    out.println();
                    out.println(f);
                }
            }
        }
        return ok;
    }
}
