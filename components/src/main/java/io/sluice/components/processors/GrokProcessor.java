package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The {@code grok} processor: parses text messages into JSON objects with grok expressions. */
final class GrokProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("grok")
            .categories("Parsing")
            .summary("Parses unstructured text into a JSON object with grok expressions.")
            .description("""
                    A grok expression is a regular expression with named building blocks: `%{PATTERN}` matches what the \
                    pattern describes, `%{PATTERN:field}` also captures it as `field`, and `%{PATTERN:field:int}` (or \
                    `:float`) turns the capture into a number. The expressions are tried in order and the first that \
                    matches replaces the message by an object of its captures; when none matches the message is flagged \
                    and kept as it was. Sluice ships a library of the usual patterns (numbers, words, IP addresses and \
                    host names, paths and URIs, dates and times, syslog headers, and `COMMONAPACHELOG` and \
                    `COMBINEDAPACHELOG`), written for Sluice under its own licence; add or override patterns with \
                    `pattern_definitions` or files in `pattern_paths`. Expressions use Java regular expressions.""")
            .fields(FieldSpec.stringList("expressions")
                            .description("The grok expressions to try, in order.")
                            .rule(Grok::lintProblem)
                            .example(List.of("%{COMMONAPACHELOG}"), List.of("%{TIMESTAMP_ISO8601:at} %{LOGLEVEL:level} %{GREEDYDATA:message}")),
                    FieldSpec.stringMap("pattern_definitions").defaultValue(Map.of())
                            .description("Patterns of your own, by name, for use in the expressions; they override library patterns of the same name.")
                            .example(Map.of("ORDER_ID", "ORD-\\d{6}")),
                    FieldSpec.stringList("pattern_paths").defaultValue(List.of())
                            .description("Files (or folders of files) of pattern definitions to load: one `NAME expression` per line, "
                                    + "`#` starts a comment.")
                            .example(List.of("./patterns")),
                    FieldSpec.bool("named_captures_only").defaultValue(true)
                            .description("Capture only the patterns given a field name; false also captures unnamed ones under their pattern name."),
                    FieldSpec.bool("use_default_patterns").defaultValue(true)
                            .description("Make Sluice's pattern library available to the expressions."),
                    FieldSpec.bool("remove_empty_values").defaultValue(true)
                            .description("Leave out captures that matched nothing."))
            .example("Application log lines", "Lines such as `2024-05-01T12:00:00Z ERROR payment failed` become JSON.", """
                    pipeline:
                      processors:
                        - grok:
                            expressions:
                              - '%{TIMESTAMP_ISO8601:at} %{LOGLEVEL:level} %{GREEDYDATA:message}'
                              - '%{GREEDYDATA:message}'
                    """);

    private final List<Grok.Compiled> expressions;
    private final boolean removeEmpty;

    GrokProcessor(List<Grok.Compiled> expressions, boolean removeEmpty, ComponentContext ctx) {
        super(ctx);
        this.expressions = expressions;
        this.removeEmpty = removeEmpty;
    }

    static GrokProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        Map<String, String> definitions = new LinkedHashMap<>();
        for (String p : conf.stringList("pattern_paths")) {
            try {
                for (Path file : files(Path.of(p))) definitions.putAll(Grok.readFile(file));
            } catch (IOException e) {
                throw conf.invalid("pattern_paths", "failed to read grok patterns from " + p + ": " + e.getMessage());
            }
        }
        definitions.putAll(conf.stringMap("pattern_definitions"));
        Grok grok = new Grok(definitions, conf.bool("use_default_patterns"), conf.bool("named_captures_only"));
        List<Grok.Compiled> compiled = new ArrayList<>();
        List<Conf> items = conf.child("expressions").elements();
        for (Conf item : items) {
            try {
                compiled.add(grok.compile(item.asString()));
            } catch (IllegalArgumentException e) {
                throw item.invalid(e.getMessage());
            }
        }
        return new GrokProcessor(compiled, conf.bool("remove_empty_values"), ctx);
    }

    private static List<Path> files(Path p) throws IOException {
        if (!Files.isDirectory(p)) return List.of(p);
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        String text = part.text();
        for (Grok.Compiled e : expressions) {
            Map<String, Object> fields = e.match(text, removeEmpty);
            if (fields != null) {
                part.setStructured(fields);
                return List.of(part);
            }
        }
        throw new ProcessingFailure("grok: no expression matched the message");
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
