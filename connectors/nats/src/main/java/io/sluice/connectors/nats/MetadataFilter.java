package io.sluice.connectors.nats;

import io.sluice.core.regex.Regex;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;

/** The dialect's {@code metadata.include_prefixes / include_patterns}: which metadata keys become headers. */
final class MetadataFilter {
    static FieldSpec field() {
        return FieldSpec.object("metadata",
                        FieldSpec.stringList("include_prefixes").defaultValue(List.of())
                                .description("Provide a list of explicit metadata key prefixes to match against.")
                                .example(List.of("foo_", "bar_"), List.of("kafka_")),
                        FieldSpec.stringList("include_patterns").defaultValue(List.of()).regex()
                                .description("Provide a list of explicit metadata key regular expression (re2) patterns to match against.")
                                .example(List.of(".*"), List.of("_timestamp_unix$")))
                .description("Determine which (if any) metadata values should be added to messages as headers.");
    }

    private final List<String> prefixes;
    private final List<Regex> patterns;

    MetadataFilter(Conf conf) {
        this.prefixes = conf.isPresent() ? conf.stringList("include_prefixes") : List.of();
        List<Regex> ps = new ArrayList<>();
        if (conf.isPresent()) for (String p : conf.stringList("include_patterns")) ps.add(Regex.compile(p));
        this.patterns = ps;
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
