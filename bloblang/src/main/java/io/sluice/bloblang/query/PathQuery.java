package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.NoContextException;
import io.sluice.bloblang.runtime.Query;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads a path from one of the starting points of a path expression: {@code this.a.b},
 * {@code root.a.b}, a lambda parameter {@code x.a}, or the value of any other expression
 * ({@code $v.a}, {@code foo().a}). Consecutive fields are merged into one node at compile time.
 */
public final class PathQuery implements Query {

    /** Where the path starts. */
    public enum Start { THIS, ROOT, NAMED, TARGET }

    private final Start start;
    private final String name;
    private final Query target;
    private final String[] path;
    private final String annotation;

    private PathQuery(Start start, String name, Query target, String[] path) {
        this.start = start;
        this.name = name;
        this.target = target;
        this.path = path;
        this.annotation = buildAnnotation();
    }

    public static PathQuery ofThis(String... path) {
        return new PathQuery(Start.THIS, null, null, path);
    }

    public static PathQuery ofRoot(String... path) {
        return new PathQuery(Start.ROOT, null, null, path);
    }

    public static PathQuery ofNamed(String name, String... path) {
        return new PathQuery(Start.NAMED, name, null, path);
    }

    public static PathQuery ofTarget(Query target, String... path) {
        return new PathQuery(Start.TARGET, null, target, path);
    }

    /** This path extended by more segments. */
    public PathQuery then(String segment) {
        String[] p = Arrays.copyOf(path, path.length + 1);
        p[path.length] = segment;
        return new PathQuery(start, name, target, p);
    }

    public Start start() {
        return start;
    }

    public String[] path() {
        return path.clone();
    }

    @Override
    public Object exec(ExecContext ctx) {
        Object base;
        switch (start) {
            case THIS -> {
                try {
                    base = ctx.value();
                } catch (NoContextException e) {
                    throw new NoContextException(Paths.toDotPath(path), e.parseError());
                }
            }
            case ROOT -> base = ctx.root();
            case NAMED -> base = ctx.named(name);
            default -> base = target.exec(ctx);
        }
        if (path.length == 0) return base;
        if (path.length == 1) {
            return base instanceof Map<?, ?> m ? m.get(path[0]) : Paths.get(base, path);
        }
        return Paths.get(base, path);
    }

    private String buildAnnotation() {
        if (start == Start.TARGET) {
            return "path `" + Paths.toDotPath(path) + "`";
        }
        String head = switch (start) {
            case THIS -> "this";
            case ROOT -> "root";
            default -> name;
        };
        return "field `" + (path.length == 0 ? head : head + "." + Paths.toDotPath(path)) + "`";
    }

    @Override
    public String annotation() {
        return annotation;
    }
}
