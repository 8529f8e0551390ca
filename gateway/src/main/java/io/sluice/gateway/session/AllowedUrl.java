package io.sluice.gateway.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One entry of {@code allowed_urls}: a path pattern (a regular expression, as in Tyk) and the methods allowed on it.
 * An empty method list allows every method.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AllowedUrl(@JsonProperty("url") String url, @JsonProperty("methods") List<String> methods) {

    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    public AllowedUrl {
        methods = methods == null ? List.of() : List.copyOf(methods);
    }

    /** Tyk anchors the pattern at the start of the path but lets it match a prefix. */
    public boolean allows(String path, String method) {
        if (url == null || url.isEmpty()) {
            return false;
        }
        Pattern pattern = COMPILED.computeIfAbsent(url, u -> Pattern.compile("^" + u));
        if (!pattern.matcher(path).find()) {
            return false;
        }
        return methods.isEmpty() || methods.stream().anyMatch(m -> m.equalsIgnoreCase(method));
    }
}
