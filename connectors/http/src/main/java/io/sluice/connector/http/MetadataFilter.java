package io.sluice.connector.http;

import io.sluice.core.regex.Regex;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The dialect's include filter ({@code include_prefixes} / {@code include_patterns}): used by
 * {@code metadata} (which message metadata becomes request headers) and {@code extract_headers}
 * (which response headers become message metadata). An empty filter matches nothing.
 */
final class MetadataFilter {
    static final MetadataFilter NONE = new MetadataFilter(List.of(), List.of());

    private final List<String> prefixes;
    private final List<Regex> patterns;

    private MetadataFilter(List<String> prefixes, List<Regex> patterns) {
        this.prefixes = prefixes;
        this.patterns = patterns;
    }

    static FieldSpec field(String name, String description) {
        return FieldSpec.object(name,
                        FieldSpec.stringList("include_prefixes").defaultValue(List.of())
                                .description("Keys that start with one of these prefixes match.")
                                .example(List.of("trace_", "tenant"), List.of("kafka_"), List.of("content-")),
                        FieldSpec.stringList("include_patterns").defaultValue(List.of()).regex()
                                .description("Keys that contain a match of one of these regular expressions (RE2 syntax) match.")
                                .example(List.of(".*"), List.of("^x-", "_id$")))
                .advanced()
                .description(description);
    }

    static MetadataFilter from(Conf conf) throws ConfigException {
        if (!conf.isPresent()) return NONE;
        List<String> prefixes = conf.stringList("include_prefixes");
        List<Regex> patterns = new ArrayList<>();
        List<Conf> pats = conf.list("include_patterns");
        for (Conf p : pats) {
            try {
                patterns.add(Regex.compile(p.asString()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(p.position(), p.path(), "invalid regular expression: " + e.getMessage());
            }
        }
        return new MetadataFilter(List.copyOf(prefixes), List.copyOf(patterns));
    }

    boolean isEmpty() {
        return prefixes.isEmpty() && patterns.isEmpty();
    }

    boolean matches(String key) {
        for (String p : prefixes) if (key.startsWith(p)) return true;
        for (Regex p : patterns) if (p.find(key)) return true;
        return false;
    }
}
