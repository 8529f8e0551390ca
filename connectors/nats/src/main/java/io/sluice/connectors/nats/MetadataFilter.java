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
                                .description("Send metadata whose key starts with one of these prefixes.")
                                .example(List.of("trace_", "tenant"), List.of("kafka_")),
                        FieldSpec.stringList("include_patterns").defaultValue(List.of()).regex()
                                .description("Send metadata whose key contains a match of one of these regular expressions (RE2 syntax).")
                                .example(List.of(".*"), List.of("^x-", "_id$")))
                .description("Which metadata goes out as message headers. Empty lists, the default, send none.");
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
