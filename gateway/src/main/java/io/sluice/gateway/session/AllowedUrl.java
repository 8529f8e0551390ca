package io.sluice.gateway.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.core.regex.Regex;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One entry of {@code allowed_urls}: a path pattern (a regular expression, as in Tyk) and the methods allowed on it.
 * An empty method list allows every method.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AllowedUrl(@JsonProperty("url") String url, @JsonProperty("methods") List<String> methods) {

    private static final Map<String, Optional<Regex>> COMPILED = new ConcurrentHashMap<>();

    public AllowedUrl {
        methods = methods == null ? List.of() : List.copyOf(methods);
    }

    /**
     * Tyk anchors the pattern at the start of the path but lets it match a prefix. Patterns are Go
     * (RE2) syntax, as Tyk writes them; one that does not compile allows nothing.
     */
    public boolean allows(String path, String method) {
        if (url == null || url.isEmpty()) {
            return false;
        }
        Optional<Regex> pattern = COMPILED.computeIfAbsent(url, AllowedUrl::compile);
        if (pattern.isEmpty() || !pattern.get().matchesPrefix(path)) {
            return false;
        }
        return methods.isEmpty() || methods.stream().anyMatch(m -> m.equalsIgnoreCase(method));
    }

    private static Optional<Regex> compile(String url) {
        try {
            return Optional.of(Regex.compile(url));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
