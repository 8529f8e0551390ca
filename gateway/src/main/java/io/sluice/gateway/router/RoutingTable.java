package io.sluice.gateway.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which API serves a path: the one with the longest matching listen path. Immutable; a reload builds a new table
 * and swaps it in, so a request keeps the API it started with.
 */
public final class RoutingTable {

    private final List<LoadedApi> longestFirst;
    private final Map<String, LoadedApi> byId;
    private final Map<String, LoadedApi> byName;

    /** A matched API and the path below its listen path ("/" at least). */
    public record Match(LoadedApi api, String relativePath) {
    }

    private RoutingTable(List<LoadedApi> longestFirst, Map<String, LoadedApi> byId, Map<String, LoadedApi> byName) {
        this.longestFirst = longestFirst;
        this.byId = byId;
        this.byName = byName;
    }

    public static RoutingTable empty() {
        return of(List.of());
    }

    public static RoutingTable of(Collection<LoadedApi> apis) {
        List<LoadedApi> sorted = new ArrayList<>(apis);
        sorted.sort(Comparator.comparingInt((LoadedApi a) -> a.definition().listenPath().base().length()).reversed());
        Map<String, LoadedApi> byId = new LinkedHashMap<>();
        Map<String, LoadedApi> byName = new LinkedHashMap<>();
        for (LoadedApi api : sorted) {
            byId.put(api.definition().id(), api);
            byName.putIfAbsent(api.definition().name(), api);
        }
        return new RoutingTable(List.copyOf(sorted), byId, byName);
    }

    /**
     * @param looped the request came from another API of this gateway ({@code tyk://}); only then may an internal
     *               API answer
     */
    public Match match(String path, boolean looped) {
        for (LoadedApi api : longestFirst) {
            var definition = api.definition();
            if (definition.internal() && !looped) {
                continue;
            }
            if (definition.listenPath().matches(path)) {
                String relative = path.substring(definition.listenPath().base().length());
                return new Match(api, relative.isEmpty() ? "/" : relative);
            }
        }
        return null;
    }

    /** For {@code tyk://} upstreams, which may name an API by id or by name. */
    public Optional<LoadedApi> byIdOrName(String reference) {
        LoadedApi api = byId.get(reference);
        return Optional.ofNullable(api != null ? api : byName.get(reference));
    }

    public Optional<LoadedApi> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<LoadedApi> apis() {
        return longestFirst;
    }
}
