package io.sluice.bloblang.parser;

import io.sluice.bloblang.ast.Expr;
import io.sluice.bloblang.ast.Stmt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@code match} and {@code if}: the expression forms, and the statement form of {@code if} whose
 * bodies are blocks of statements from the layer above.
 */
abstract class ConditionalParser extends ExpressionParser {

    ConditionalParser(Source source) {
        super(source);
    }

    /** {@code { statement \n statement }}. */
    abstract List<Stmt> block(boolean allowMeta, boolean allowDeclarations);

    @Override
    Expr match() {
        int start = pos;
        pos += 5;
        spaces();
        Expr subject = null;
        if (peek() != '{') {
            subject = query();
        }
        wsnl();
        expect('{', "{ to open the match cases");
        wsnl();
        List<Expr.Match.Case> cases = new ArrayList<>();
        while (peek() != '}') {
            if (eof()) throw unexpected("expected }");
            Expr pattern;
            if (peek() == '_' && !isIdentChar(peekAt(1)) && lookAheadArrow(pos + 1)) {
                pos++;
                pattern = null;
            } else {
                pattern = query();
            }
            spaces();
            if (!s.startsWith("=>", pos)) {
                ParseError err = unexpected("expected => after the match case");
                if (peek() == '=' || peek() == ':') err = err.withHint("match cases are written `pattern => value`");
                throw err;
            }
            pos += 2;
            spaces();
            Expr value = query();
            cases.add(new Expr.Match.Case(pattern, value));
            spaces();
            if (peek() == '#') skipComment();
            if (peek() == ',' || peek() == '\n') {
                pos++;
                wsnl();
            } else if (peek() != '}') {
                throw unexpected("expected a comma, a new line or } after the match case")
                        .withHint("separate match cases with commas or new lines");
            }
        }
        pos++;
        return new Expr.Match(subject, cases, start);
    }

    private boolean lookAheadArrow(int p) {
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) p++;
        return s.startsWith("=>", p);
    }

    @Override
    Expr ifExpression() {
        IfChain<Expr.If.Branch, Expr> chain = ifChain(this::braced, Expr.If.Branch::new);
        return new Expr.If(chain.branches(), chain.otherwise(), chain.start());
    }

    /** {@code { query }}. */
    private Expr braced() {
        expect('{', "{");
        wsnl();
        Expr e = query();
        wsnl();
        if (peek() != '}') {
            ParseError err = unexpected("expected }");
            if (peek() == '=' || isIdentStart(peek())) {
                err = err.withHint("an if expression holds one value; to make assignments use an if statement on its own line");
            }
            throw err;
        }
        pos++;
        return e;
    }

    /** {@code if cond { statements } else { statements }} as a statement, at the keyword. */
    Stmt ifStatement(boolean allowMeta) {
        IfChain<Stmt.If.Branch, List<Stmt>> chain = ifChain(() -> block(allowMeta, false), Stmt.If.Branch::new);
        return new Stmt.If(chain.branches(), chain.otherwise() == null ? List.of() : chain.otherwise(), chain.start());
    }

    /** An if chain read by {@link #ifChain}: its branches, and the else body or null. */
    private record IfChain<B, T>(List<B> branches, T otherwise, int start) {
    }

    /**
     * {@code if cond body (else if cond body)* (else body)?}, at the {@code if}; the expression and the
     * statement forms differ only in what a body is.
     */
    private <B, T> IfChain<B, T> ifChain(Supplier<T> body, BiFunction<Expr, T, B> branch) {
        int start = pos;
        pos += 2;
        spacesRequired("a condition after if");
        List<B> branches = new ArrayList<>();
        Expr cond = condition();
        wsnl();
        branches.add(branch.apply(cond, body.get()));
        T otherwise = null;
        while (true) {
            int save = pos;
            wsnl();
            if (!keyword("else")) {
                pos = save;
                break;
            }
            pos += 4;
            int afterElse = pos;
            wsnl();
            if (keyword("if")) {
                pos += 2;
                spacesRequired("a condition after else if");
                Expr c = condition();
                wsnl();
                branches.add(branch.apply(c, body.get()));
                continue;
            }
            pos = afterElse;
            wsnl();
            otherwise = body.get();
            break;
        }
        return new IfChain<>(branches, otherwise, start);
    }

    /** The condition of an if; diagnoses the classic {@code =} for {@code ==}. */
    private Expr condition() {
        Expr c = query();
        spaces();
        if (peek() == '=' && peekAt(1) != '=') {
            throw unexpected("expected { after the condition").withHint("to compare values use == instead of =");
        }
        return c;
    }
}
