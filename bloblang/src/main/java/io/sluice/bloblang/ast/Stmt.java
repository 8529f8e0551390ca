package io.sluice.bloblang.ast;

import java.util.List;

/** A statement of a mapping. {@code pos} is where it starts in the source. */
public sealed interface Stmt {

    int pos();

    /** {@code target = value}. */
    record Assign(Target target, Expr value, int pos) implements Stmt {
    }

    /** {@code if c { statements } else if d { ... } else { ... }}; {@code otherwise} may be empty. */
    record If(List<Branch> branches, List<Stmt> otherwise, int pos) implements Stmt {
        public record Branch(Expr condition, List<Stmt> body) {
        }
    }

    /** {@code map name { statements }}: a named mapping for {@code .apply("name")}. */
    record MapDefinition(String name, List<Stmt> body, int pos) implements Stmt {
    }

    /** {@code import "path"}: brings the maps of another file into scope. */
    record Import(String path, int pos) implements Stmt {
    }

    /** Where an assignment writes. */
    sealed interface Target {
    }

    /** {@code root.a.b} (or a bare {@code a.b}); an empty path is {@code root} itself. */
    record RootPath(List<String> path) implements Target {
    }

    /** {@code meta key}, {@code @key}; a null key is the whole metadata ({@code meta =}, {@code @ =}). */
    record MetaKey(String key) implements Target {
    }

    /** {@code let name}. */
    record VariableName(String name) implements Target {
    }
}
