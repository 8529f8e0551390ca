package io.sluice.bloblang.ast;

import java.util.List;

/**
 * An expression as written. Produced by the parser, turned into executable
 * {@link io.sluice.bloblang.runtime.Query} objects by the compiler and then discarded. {@code pos} is the
 * offset in the source where the expression starts (for error messages).
 */
public sealed interface Expr {

    int pos();

    /** A constant: string, number, boolean, null, or a structure of constants. */
    record Literal(Object value, int pos) implements Expr {
    }

    record ArrayLiteral(List<Expr> items, int pos) implements Expr {
    }

    /** {@code {"a": 1, (this.k): 2}}; a key is a string literal or any expression yielding a string. */
    record ObjectLiteral(List<Entry> entries, int pos) implements Expr {
        public record Entry(Expr key, Expr value) {
        }
    }

    /** {@code this}. */
    record This(int pos) implements Expr {
    }

    /** {@code root}: the document being built. */
    record Root(int pos) implements Expr {
    }

    /** A lambda parameter such as {@code x} in {@code x -> x + 1}. */
    record NamedContext(String name, int pos) implements Expr {
    }

    /** {@code target.name} (a bare {@code name} is {@code this.name}). */
    record Field(Expr target, String name, int pos) implements Expr {
    }

    /** {@code $name}. */
    record Variable(String name, int pos) implements Expr {
    }

    /** {@code @name}, or {@code @} (the whole metadata object) when {@code key} is null. */
    record Metadata(String key, int pos) implements Expr {
    }

    /** An argument: positional when {@code name} is null. */
    record Arg(String name, Expr value) {
    }

    /** {@code name(args)}. */
    record FunctionCall(String name, List<Arg> args, int pos) implements Expr {
    }

    /** {@code target.name(args)}. */
    record MethodCall(Expr target, String name, List<Arg> args, int pos) implements Expr {
    }

    /** {@code target.(body)}: evaluates {@code body} with {@code this} set to the target's value. */
    record MapIn(Expr target, Expr body, int pos) implements Expr {
    }

    /** {@code target[index]} (the Bento dialect's element access). */
    record Index(Expr target, Expr index, int pos) implements Expr {
    }

    /** {@code target[start:end:step]} (the Bento dialect's slices); absent parts are null. */
    record Slice(Expr target, Expr start, Expr end, Expr step, int pos) implements Expr {
    }

    /**
     * {@code left op right}. {@code tight} records that the operator had no space on either side, so that
     * {@code this.foo-bar} can be diagnosed as a field name with a dash.
     */
    record Binary(Operator op, Expr left, Expr right, boolean tight, int pos) implements Expr {
    }

    /** {@code !expr}. */
    record Not(Expr operand, int pos) implements Expr {
    }

    /** {@code -expr}. */
    record Negate(Expr operand, int pos) implements Expr {
    }

    /** {@code if c { a } else if d { b } else { e }}; {@code otherwise} may be null. */
    record If(List<Branch> branches, Expr otherwise, int pos) implements Expr {
        public record Branch(Expr condition, Expr value) {
        }
    }

    /** {@code match subject { pattern => value ... }}; subject may be null (matches {@code this}). */
    record Match(Expr subject, List<Case> cases, int pos) implements Expr {
        /** {@code pattern} is null for {@code _}. */
        public record Case(Expr pattern, Expr value) {
        }
    }

    /** {@code name -> body}; {@code _ -> body} binds nothing. */
    record Lambda(String parameter, Expr body, int pos) implements Expr {
    }
}
