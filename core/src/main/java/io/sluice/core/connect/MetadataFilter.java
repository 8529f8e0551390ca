package io.sluice.core.connect;

import io.sluice.core.regex.Regex;
import io.sluice.core.spec.Conf;

import java.util.ArrayList;
import java.util.List;

/**
 * The dialect's include filter of metadata keys ({@code include_prefixes} / {@code include_patterns}),
 * declared with {@link ConnectorFields#metadataInclude}: which message metadata goes out as headers,
 * or which received headers become metadata. An empty filter matches nothing. The patterns were
 * checked by lint (the field's {@code regex()} rule), so reading them cannot fail.
 */
public final class MetadataFilter {
    public static final MetadataFilter NONE = new MetadataFilter(List.of(), List.of());

    private final List<String> prefixes;
    private final List<Regex> patterns;

    private MetadataFilter(List<String> prefixes, List<Regex> patterns) {
        this.prefixes = prefixes;
        this.patterns = patterns;
    }

    public static MetadataFilter from(Conf conf) {
        if (!conf.isPresent()) return NONE;
        List<Regex> patterns = new ArrayList<>();
        for (String p : conf.stringList("include_patterns")) patterns.add(Regex.compile(p));
        return new MetadataFilter(List.copyOf(conf.stringList("include_prefixes")), List.copyOf(patterns));
    }

    public boolean isEmpty() {
        return prefixes.isEmpty() && patterns.isEmpty();
    }

    public boolean matches(String key) {
        for (String p : prefixes) if (key.startsWith(p)) return true;
        for (Regex p : patterns) if (p.find(key)) return true;
        return false;
    }
}
