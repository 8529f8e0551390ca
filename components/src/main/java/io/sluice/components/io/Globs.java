package io.sluice.components.io;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands path patterns the way the dialect's file inputs do: {@code *}, {@code ?}, {@code [...]},
 * {@code {a,b}} within one path segment and {@code **} across any number of directories (including
 * none). A path without pattern characters is kept as is, whether it exists or not. Matches of one
 * pattern come in lexical order.
 */
final class Globs {
    private Globs() {
    }

    static List<String> expand(List<String> patterns) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String p : patterns) {
            if (!hasMeta(p)) {
                out.add(p);
                continue;
            }
            out.addAll(expandOne(p));
        }
        return new ArrayList<>(out);
    }

    static boolean hasMeta(String p) {
        for (char c : p.toCharArray()) if (c == '*' || c == '?' || c == '[' || c == '{') return true;
        return false;
    }

    private static List<String> expandOne(String pattern) throws IOException {
        String normalized = pattern.replace('\\', '/');
        String[] segments = normalized.split("/", -1);
        int firstMeta = 0;
        while (firstMeta < segments.length && !hasMeta(segments[firstMeta])) firstMeta++;
        String baseText = String.join("/", Arrays.copyOfRange(segments, 0, firstMeta));
        if (baseText.isEmpty() && normalized.startsWith("/")) baseText = "/";
        String prefix = baseText;
        Path base = baseText.isEmpty() ? Paths.get(".") : Paths.get(baseText);
        if (!Files.isDirectory(base)) return List.of();
        String rest = String.join("/", Arrays.copyOfRange(segments, firstMeta, segments.length));
        boolean deep = rest.contains("**");
        int depth = deep ? Integer.MAX_VALUE : segments.length - firstMeta;
        List<PathMatcher> matchers = new ArrayList<>();
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + rest));
        // "**/" may also match no directory at all.
        if (rest.contains("**/")) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + rest.replace("**/", "")));
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base, depth)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                Path rel = base.relativize(f);
                for (PathMatcher m : matchers) {
                    if (m.matches(rel)) {
                        found.add(prefix.isEmpty() ? rel.toString() : base.resolve(rel).toString());
                        break;
                    }
                }
            });
        }
        found.sort(null);
        return found;
    }
}
