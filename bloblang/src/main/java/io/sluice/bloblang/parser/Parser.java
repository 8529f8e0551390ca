package io.sluice.bloblang.parser;

import io.sluice.bloblang.ast.Expr;
import io.sluice.bloblang.ast.Operator;
import io.sluice.bloblang.ast.Program;
import io.sluice.bloblang.ast.Stmt;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written recursive descent parser for Bloblang mappings and queries, following the grammar of
 * the original parser combinators (same whitespace and newline rules, same precedence).
 *
 * <p>Whitespace: spaces and tabs separate tokens; a newline ends a statement; newlines are allowed
 * inside brackets, after operators, after a {@code .} and between list elements; {@code #} starts a
 * comment that runs to the end of the line.
 */
public final class Parser {
    private final Source source;
    private final String s;
    private final Importer importer;
    private final Deque<String> namedContexts = new ArrayDeque<>();
    private int pos;
    /** Guards the recursion: deeper nesting than this is refused rather than overflowing the stack. */
    private static final int MAX_DEPTH = 400;
    private int depth;
    /** Statements parsed so far at the top level: once one parsed, the text cannot be the shorthand form. */
    private int statementsParsed;

    private Parser(Source source, Importer importer) {
        this.source = source;
        this.s = source.text();
        this.importer = importer;
    }

    // ================================================================================================
    // Entry points
    // ================================================================================================

    /** Parses a whole mapping: statements, or a single expression as shorthand for {@code root = expr}. */
    public static Program parseMapping(Source source, Importer importer) {
        Parser p = new Parser(source, importer);
        Program single = p.trySingleRootImport();
        if (single != null) return single;

        ParseError statementsError;
        try {
            p.pos = 0;
            return p.program(true);
        } catch (ParseError e) {
            if (e.isFatal() || p.statementsParsed > 0) throw e;
            statementsError = e;
        }

        // The shorthand form: the whole mapping is one query.
        Parser q = new Parser(source, importer);
        try {
            q.wsnl();
            int start = q.pos;
            Expr e = q.query();
            int end = q.pos;
            q.wsnl();
            if (!q.eof()) {
                if (statementsError.offset() >= q.pos) throw statementsError;
                String text = s(source, start, end).strip();
                String shown = text.length() > 12 ? text.substring(0, 12) + "..." : text;
                throw new ParseError(q.pos, "expected the end of the mapping: it starts with a bare query, short for `root = "
                        + shown + "`, and that form allows no further statements");
            }
            return new Program(List.of(new Stmt.Assign(new Stmt.RootPath(List.of()), e, start)), List.of());
        } catch (ParseError e) {
            throw e.offset() > statementsError.offset() ? e : statementsError;
        }
    }

    private static String s(Source src, int a, int b) {
        return src.text().substring(a, b);
    }

    /** Parses a single query expression that must span the whole text. */
    public static Expr parseQuery(Source source) {
        Parser p = new Parser(source, Importer.disabled());
        p.wsnl();
        Expr e = p.query();
        p.wsnl();
        if (!p.eof()) throw p.unexpected("expected end of input");
        return e;
    }

    /**
     * Parses a query starting at {@code offset} (for interpolations) and returns it with the offset where
     * it ended.
     */
    public static QueryAt parseQueryAt(Source source, int offset) {
        Parser p = new Parser(source, Importer.disabled());
        p.pos = offset;
        p.wsnl();
        Expr e = p.query();
        return new QueryAt(e, p.pos);
    }

    /** A query and the offset just after it. */
    public record QueryAt(Expr expr, int end) {
    }

    // ================================================================================================
    // Statements
    // ================================================================================================

    /** {@code from "file"} as the entire mapping. */
    private Program trySingleRootImport() {
        wsnl();
        if (!keyword("from")) return null;
        int start = pos;
        pos += 4;
        spaces();
        if (peek() != '"') {
            pos = 0;
            return null;
        }
        String path = quotedString();
        wsnl();
        if (!eof()) throw new ParseError(pos, "unexpected content after single root import");
        String text = readImport(path, start);
        Source nested = new Source(text);
        Parser p = new Parser(nested, importer.relativeTo(path));
        try {
            return p.program(true);
        } catch (ParseError e) {
            throw ParseError.fatal(start, "failed to parse import '" + path + "': " + nested.render(e.offset(), e.detail(), e.hint()).replace("\n", "\n  "));
        }
    }

    private String readImport(String path, int at) {
        try {
            return importer.read(path);
        } catch (IOException e) {
            throw ParseError.fatal(at, "failed to read import: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private Program program(boolean topLevel) {
        List<Stmt> statements = new ArrayList<>();
        Map<String, Stmt.MapDefinition> maps = new LinkedHashMap<>();
        wsnl();
        while (!eof()) {
            Stmt st = statement(topLevel, true, maps);
            if (st != null) statements.add(st);
            endOfStatement();
            statementsParsed++;
            wsnl();
        }
        return new Program(statements, List.copyOf(maps.values()));
    }

    /** After a statement: optional spaces and comment, then a newline or the end. */
    private void endOfStatement() {
        spaces();
        if (eof()) return;
        if (peek() == '#') {
            skipComment();
            return;
        }
        if (peek() == '\n') {
            pos++;
            return;
        }
        ParseError err = unexpected("expected end of statement (a new line)");
        throw err.withHint(trailingHint());
    }

    /** A guess at why something follows a complete statement on the same line. */
    private String trailingHint() {
        char c = peek();
        if (c == '=' && peekAt(1) != '=') {
            return "only one assignment per line; to compare values use ==";
        }
        if (c == '"' || isIdentStart(c) || c == '$' || c == '@' || c == '(') {
            int back = pos - 1;
            while (back >= 0 && (s.charAt(back) == ' ' || s.charAt(back) == '\t')) back--;
            int wordEnd = back + 1;
            while (back >= 0 && isIdentChar(s.charAt(back))) back--;
            String prev = s.substring(back + 1, wordEnd);
            int nextEnd = pos;
            while (nextEnd < s.length() && isIdentChar(s.charAt(nextEnd))) nextEnd++;
            String next = s.substring(pos, nextEnd);
            if (!prev.isEmpty() && !next.isEmpty()) {
                return "two expressions cannot follow each other; if `" + prev + " " + next
                        + "` is one field name, quote it: this.\"" + prev + " " + next + "\"";
            }
            return "two expressions cannot follow each other; did you forget an operator, a comma or a new line?";
        }
        return null;
    }

    /**
     * One statement. Returns null for statements that only declare (maps, imports), which are collected
     * into {@code maps}.
     */
    private Stmt statement(boolean topLevel, boolean allowMeta, Map<String, Stmt.MapDefinition> maps) {
        int start = pos;
        if (keyword("import")) {
            pos += 6;
            if (!topLevel) throw ParseError.fatal(start, "importing mappings is not allowed within this block");
            spacesRequired("a file path after import");
            if (peek() != '"') throw unexpected("expected a quoted file path");
            String path = quotedString();
            importMaps(path, start, maps);
            return null;
        }
        if (keyword("map")) {
            int save = pos;
            pos += 3;
            spaces();
            if (peek() == '"' || isIdentChar(peek())) {
                String name = peek() == '"' ? quotedString() : identifier();
                spaces();
                if (peek() == '{') {
                    if (!topLevel) throw ParseError.fatal(start, "defining maps is not allowed within this block");
                    List<Stmt> body = block(false, false);
                    if (maps.containsKey(name)) throw ParseError.fatal(start, "map name collision: " + name);
                    maps.put(name, new Stmt.MapDefinition(name, body, start));
                    return null;
                }
            }
            pos = save;
        }
        if (keyword("let")) {
            int save = pos;
            pos += 3;
            if (peek() == ' ' || peek() == '\t') {
                spaces();
                String name;
                if (peek() == '"') name = quotedString();
                else if (isIdentChar(peek())) name = identifier();
                else throw unexpected("expected a variable name");
                spaces();
                expectAssign();
                Expr value = query();
                return new Stmt.Assign(new Stmt.VariableName(name), value, start);
            }
            pos = save;
        }
        if (keyword("meta")) {
            int save = pos;
            pos += 4;
            spaces();
            String key = null;
            if (peek() == '"') key = quotedString();
            else if (isIdentChar(peek())) key = identifier();
            spaces();
            if (peek() == '=' && peekAt(1) != '=') {
                if (!allowMeta) throw ParseError.fatal(start, "setting meta fields is not allowed within this block");
                expectAssign();
                return new Stmt.Assign(new Stmt.MetaKey(key), query(), start);
            }
            pos = save;
        }
        if (peek() == '@') {
            pos++;
            String key = null;
            if (peek() == '"') key = quotedString();
            else if (isIdentChar(peek())) key = identifier();
            spaces();
            if (!allowMeta) throw ParseError.fatal(start, "setting meta fields is not allowed within this block");
            expectAssign();
            return new Stmt.Assign(new Stmt.MetaKey(key), query(), start);
        }
        if (keyword("if")) {
            return ifStatement(allowMeta);
        }
        // A plain assignment: path = query
        if (!isIdentChar(peek())) {
            throw unexpected("expected an assignment (such as root.foo = this.bar), let, meta, map, import or if");
        }
        List<String> path = new ArrayList<>();
        path.add(identifier());
        while (peek() == '.') {
            pos++;
            if (peek() == '"') path.add(quotedString());
            else if (isIdentChar(peek())) path.add(identifier());
            else throw unexpected("expected a field name after '.' in the target path");
        }
        spaces();
        if (peek() != '=' || peekAt(1) == '=') {
            ParseError err = unexpected("expected = after the assignment target");
            if (peek() == '=' || peek() == '!' || peek() == '>' || peek() == '<') {
                err = err.withHint("a statement must assign a value; a comparison alone is only valid as the whole mapping");
            } else if (isIdentStart(peek())) {
                err = err.withHint("field names with spaces must be quoted: root.\"" + String.join(".", path) + " " + peekWord() + "\"");
            }
            throw err;
        }
        expectAssign();
        Expr value = query();
        if (!path.isEmpty() && path.get(0).equals("root")) path.remove(0);
        return new Stmt.Assign(new Stmt.RootPath(List.copyOf(path)), value, start);
    }

    private void expectAssign() {
        if (peek() != '=' || peekAt(1) == '=') throw unexpected("expected =");
        pos++;
        spaces();
    }

    private void importMaps(String path, int at, Map<String, Stmt.MapDefinition> maps) {
        String text = readImport(path, at);
        Source nested = new Source(text);
        Parser p = new Parser(nested, importer.relativeTo(path));
        Program imported;
        try {
            imported = p.program(true);
        } catch (ParseError e) {
            throw ParseError.fatal(at, "failed to parse import '" + path + "': " + nested.render(e.offset(), e.detail(), e.hint()).replace("\n", "\n  "));
        }
        if (imported.maps().isEmpty()) throw ParseError.fatal(at, "no maps to import from '" + path + "'");
        List<String> collisions = new ArrayList<>();
        for (Stmt.MapDefinition m : imported.maps()) {
            if (maps.containsKey(m.name())) collisions.add(m.name());
            else maps.put(m.name(), new Stmt.MapDefinition(m.name(), m.body(), at));
        }
        if (!collisions.isEmpty()) throw ParseError.fatal(at, "map name collisions from import '" + path + "': " + collisions);
    }

    /** {@code { statement \n statement }}. */
    private List<Stmt> block(boolean allowMeta, boolean allowDeclarations) {
        expect('{', "{");
        wsnl();
        List<Stmt> body = new ArrayList<>();
        Map<String, Stmt.MapDefinition> none = new LinkedHashMap<>();
        while (peek() != '}') {
            if (eof()) throw unexpected("expected }");
            Stmt st = statement(false, allowMeta, none);
            if (st != null) body.add(st);
            spaces();
            if (peek() == '#') skipComment();
            if (peek() == '}') break;
            if (peek() != '\n') throw unexpected("expected end of statement (a new line) or }").withHint(trailingHint());
            wsnl();
        }
        pos++;
        return body;
    }

    private Stmt ifStatement(boolean allowMeta) {
        int start = pos;
        pos += 2;
        spacesRequired("a condition after if");
        List<Stmt.If.Branch> branches = new ArrayList<>();
        Expr cond = condition();
        wsnl();
        branches.add(new Stmt.If.Branch(cond, block(allowMeta, false)));
        List<Stmt> otherwise = List.of();
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
                branches.add(new Stmt.If.Branch(c, block(allowMeta, false)));
                continue;
            }
            pos = afterElse;
            wsnl();
            otherwise = block(allowMeta, false);
            break;
        }
        return new Stmt.If(branches, otherwise, start);
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

    // ================================================================================================
    // Queries
    // ================================================================================================

    /** {@code term (op term)*} with the original's precedence passes. */
    public Expr query() {
        if (++depth > MAX_DEPTH) throw ParseError.fatal(pos, "expression nested too deeply (more than " + MAX_DEPTH + " levels)");
        try {
            return operatorChain();
        } finally {
            depth--;
        }
    }

    private Expr operatorChain() {
        spaces();
        List<Expr> terms = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        List<Boolean> tight = new ArrayList<>();
        List<Integer> opPos = new ArrayList<>();
        terms.add(unary());
        while (true) {
            int save = pos;
            boolean spaceBefore = peek() == ' ' || peek() == '\t';
            spaces();
            int at = pos;
            Operator op = operator();
            if (op == null) {
                pos = save;
                break;
            }
            boolean spaceAfter = peek() == ' ' || peek() == '\t' || peek() == '\n';
            wsnl();
            ops.add(op);
            opPos.add(at);
            tight.add(!spaceBefore && !spaceAfter);
            terms.add(unary());
        }
        if (ops.isEmpty()) return terms.get(0);
        return precedence(terms, ops, tight, opPos);
    }

    /** Folds the operator chain level by level, left to right within a level (as the original does). */
    private static Expr precedence(List<Expr> terms, List<Operator> ops, List<Boolean> tight, List<Integer> opPos) {
        List<Expr> ts = new ArrayList<>(terms);
        List<Operator> os = new ArrayList<>(ops);
        List<Boolean> tt = new ArrayList<>(tight);
        List<Integer> ps = new ArrayList<>(opPos);
        for (int level = 4; level >= 1; level--) {
            List<Expr> nts = new ArrayList<>();
            List<Operator> nos = new ArrayList<>();
            List<Boolean> ntt = new ArrayList<>();
            List<Integer> nps = new ArrayList<>();
            nts.add(ts.get(0));
            for (int i = 0; i < os.size(); i++) {
                Operator op = os.get(i);
                Expr right = ts.get(i + 1);
                if (op.precedence() == level) {
                    Expr left = nts.remove(nts.size() - 1);
                    nts.add(new Expr.Binary(op, left, right, tt.get(i), ps.get(i)));
                } else {
                    nts.add(right);
                    nos.add(op);
                    ntt.add(tt.get(i));
                    nps.add(ps.get(i));
                }
            }
            ts = nts;
            os = nos;
            tt = ntt;
            ps = nps;
        }
        return ts.get(0);
    }

    private Operator operator() {
        char c = peek();
        char d = peekAt(1);
        switch (c) {
            case '+' -> { pos++; return Operator.ADD; }
            case '-' -> {
                if (d == '>') return null;
                pos++;
                return Operator.SUB;
            }
            case '/' -> { pos++; return Operator.DIV; }
            case '*' -> { pos++; return Operator.MUL; }
            case '%' -> { pos++; return Operator.MOD; }
            case '^' -> { pos++; return Operator.XOR; }
            case '&' -> {
                if (d == '&') { pos += 2; return Operator.AND; }
                return null;
            }
            case '|' -> {
                if (d == '|') { pos += 2; return Operator.OR; }
                pos++;
                return Operator.COALESCE;
            }
            case '=' -> {
                if (d == '=') { pos += 2; return Operator.EQ; }
                return null;
            }
            case '!' -> {
                if (d == '=') { pos += 2; return Operator.NEQ; }
                return null;
            }
            case '>' -> {
                if (d == '=') { pos += 2; return Operator.GTE; }
                pos++;
                return Operator.GT;
            }
            case '<' -> {
                if (d == '=') { pos += 2; return Operator.LTE; }
                pos++;
                return Operator.LT;
            }
            default -> { return null; }
        }
    }

    /** {@code -term}, {@code !term} or a term. */
    private Expr unary() {
        int start = pos;
        if (peek() == '-' && peekAt(1) != '>') {
            pos++;
            wsnl();
            Expr operand = notOrTerm();
            if (operand instanceof Expr.Literal lit && lit.value() instanceof Number) {
                return new Expr.Literal(negate(lit.value()), start);
            }
            return new Expr.Negate(operand, start);
        }
        return notOrTerm();
    }

    private static Object negate(Object n) {
        if (n instanceof Long l) return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
        if (n instanceof BigInteger b) {
            BigInteger r = b.negate();
            return r.bitLength() <= 63 ? (Object) r.longValue() : r;
        }
        return -((Double) n);
    }

    private Expr notOrTerm() {
        int start = pos;
        if (peek() == '!' && peekAt(1) != '=') {
            pos++;
            spaces();
            return new Expr.Not(tails(primary()), start);
        }
        return tails(primary());
    }

    /** {@code .field}, {@code .method(...)}, {@code .(query)} and {@code [index]} after a term. */
    private Expr tails(Expr e) {
        while (true) {
            if (peek() == '.' ) {
                int dot = pos;
                pos++;
                wsnl();
                char c = peek();
                if (c == '(') {
                    pos++;
                    wsnl();
                    Expr body = query();
                    wsnl();
                    expect(')', ")");
                    e = new Expr.MapIn(e, body, dot);
                } else if (c == '"') {
                    int at = pos;
                    e = new Expr.Field(e, quotedString(), at);
                } else if (isIdentChar(c)) {
                    int at = pos;
                    String name = identifier();
                    if (peek() == '(') {
                        if (!isSnakeCase(name)) throw new ParseError(at, "method names must be snake_case: " + name);
                        e = new Expr.MethodCall(e, name, arguments(), at);
                    } else {
                        e = new Expr.Field(e, name, at);
                    }
                } else {
                    throw unexpected("expected a field name, a method call or ( after '.'");
                }
            } else if (peek() == '[') {
                e = bracketAccess(e);
            } else {
                return e;
            }
        }
    }

    /** {@code [i]} or {@code [start:end:step]}. */
    private Expr bracketAccess(Expr target) {
        int at = pos;
        pos++;
        wsnl();
        Expr first = null;
        if (peek() != ':') first = query();
        wsnl();
        if (peek() == ']') {
            pos++;
            if (first == null) throw new ParseError(at, "expected an index inside [ ]");
            return new Expr.Index(target, first, at);
        }
        Expr end = null;
        Expr step = null;
        expect(':', ": or ]");
        wsnl();
        if (peek() != ':' && peek() != ']') end = query();
        wsnl();
        if (peek() == ':') {
            pos++;
            wsnl();
            if (peek() != ']') step = query();
            wsnl();
        }
        expect(']', "]");
        return new Expr.Slice(target, first, end, step, at);
    }

    private Expr primary() {
        int start = pos;
        char c = peek();
        if (eof()) throw unexpected("expected a query");
        if (keyword("match")) return match();
        if (keyword("if")) return ifExpression();
        if (isIdentChar(c) && lambdaAhead()) return lambda();
        switch (c) {
            case '(' -> {
                pos++;
                wsnl();
                Expr inner = query();
                wsnl();
                if (peek() != ')') throw unexpected("expected closing bracket )");
                pos++;
                return inner;
            }
            case '"' -> {
                if (s.startsWith("\"\"\"", pos)) return new Expr.Literal(tripleQuoted(), start);
                return new Expr.Literal(quotedString(), start);
            }
            case '[' -> {
                return arrayLiteral();
            }
            case '{' -> {
                return objectLiteral();
            }
            case '@' -> {
                pos++;
                if (peek() == '"') return new Expr.Metadata(quotedString(), start);
                if (isIdentChar(peek())) return new Expr.Metadata(identifier(), start);
                return new Expr.Metadata(null, start);
            }
            case '$' -> {
                pos++;
                if (!isIdentChar(peek())) throw unexpected("expected a variable name after $");
                return new Expr.Variable(identifier(), start);
            }
            default -> {
            }
        }
        if (c >= '0' && c <= '9') return number();
        if (isIdentStart(c)) {
            String word = identifier();
            if (peek() == '(') {
                if (!isSnakeCase(word)) throw new ParseError(start, "function names must be snake_case: " + word);
                return new Expr.FunctionCall(word, arguments(), start);
            }
            switch (word) {
                case "true" -> { return new Expr.Literal(Boolean.TRUE, start); }
                case "false" -> { return new Expr.Literal(Boolean.FALSE, start); }
                case "null" -> { return new Expr.Literal(null, start); }
                case "this" -> { return new Expr.This(start); }
                case "root" -> { return new Expr.Root(start); }
                default -> {
                }
            }
            if (namedContexts.contains(word)) return new Expr.NamedContext(word, start);
            // A bare word reads a field of this (the original's shorthand).
            return new Expr.Field(new Expr.This(start), word, start);
        }
        throw unexpected("expected a query");
    }

    private boolean lambdaAhead() {
        int p = pos;
        while (p < s.length() && isIdentChar(s.charAt(p))) p++;
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) p++;
        return s.startsWith("->", p);
    }

    private Expr lambda() {
        int start = pos;
        String name = identifier();
        spaces();
        pos += 2; // ->
        spaces();
        if (!name.equals("_")) {
            if (name.equals("root") || name.equals("this")) {
                throw new ParseError(start, "context label `" + name + "` is not allowed");
            }
            if (namedContexts.contains(name)) {
                throw new ParseError(start, "context label `" + name + "` would shadow a parent context");
            }
            namedContexts.push(name);
        }
        try {
            Expr body = query();
            if (body instanceof Expr.Lambda inner) {
                throw new ParseError(start, "a lambda cannot directly return another lambda: '" + name + "' and '" + inner.parameter() + "' would name the same context");
            }
            return new Expr.Lambda(name, body, start);
        } finally {
            if (!name.equals("_")) namedContexts.pop();
        }
    }

    private Expr match() {
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

    private Expr ifExpression() {
        int start = pos;
        pos += 2;
        spacesRequired("a condition after if");
        List<Expr.If.Branch> branches = new ArrayList<>();
        Expr cond = condition();
        wsnl();
        branches.add(new Expr.If.Branch(cond, braced()));
        Expr otherwise = null;
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
                branches.add(new Expr.If.Branch(c, braced()));
                continue;
            }
            pos = afterElse;
            wsnl();
            otherwise = braced();
            break;
        }
        return new Expr.If(branches, otherwise, start);
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

    private List<Expr.Arg> arguments() {
        expect('(', "(");
        wsnl();
        List<Expr.Arg> args = new ArrayList<>();
        while (peek() != ')') {
            if (eof()) throw unexpected("expected closing bracket )");
            String name = null;
            int p = pos;
            while (p < s.length() && isSnakeChar(s.charAt(p))) p++;
            if (p > pos && p < s.length() && s.charAt(p) == ':') {
                name = s.substring(pos, p);
                pos = p + 1;
                spaces();
            }
            args.add(new Expr.Arg(name, query()));
            listSeparator(')', "argument");
        }
        pos++;
        return args;
    }

    /** After an element of a list: {@code ,} (then anything) or the closing character. */
    private void listSeparator(char close, String what) {
        spaces();
        if (peek() == ',') {
            pos++;
            wsnl();
            return;
        }
        int save = pos;
        wsnl();
        if (peek() == close) return;
        boolean newline = s.substring(save, pos).indexOf('\n') >= 0;
        ParseError err = unexpected("expected , or " + close);
        if (!eof() && startsValue(peek())) {
            err = err.withHint(newline ? "missing comma between " + what + "s? each " + what + " but the last needs a trailing ,"
                    : "missing comma between " + what + "s?");
        }
        throw err;
    }

    private static boolean startsValue(char c) {
        return isIdentChar(c) || c == '"' || c == '{' || c == '[' || c == '(' || c == '$' || c == '@' || c == '-' || c == '!';
    }

    private Expr arrayLiteral() {
        int start = pos;
        pos++;
        wsnl();
        List<Expr> items = new ArrayList<>();
        while (peek() != ']') {
            if (eof()) throw unexpected("expected ]");
            items.add(query());
            listSeparator(']', "element");
        }
        pos++;
        return new Expr.ArrayLiteral(items, start);
    }

    private Expr objectLiteral() {
        int start = pos;
        pos++;
        wsnl();
        List<Expr.ObjectLiteral.Entry> entries = new ArrayList<>();
        while (peek() != '}') {
            if (eof()) throw unexpected("expected }");
            int keyAt = pos;
            Expr key;
            if (peek() == '"' && !s.startsWith("\"\"\"", pos)) key = new Expr.Literal(quotedString(), keyAt);
            else key = query();
            spaces();
            if (peek() != ':') {
                ParseError err = unexpected("expected : after the object key");
                if (key instanceof Expr.Field f && f.target() instanceof Expr.This) {
                    err = err.withHint("object keys are quoted: {\"" + f.name() + "\": ...}");
                }
                throw err;
            }
            pos++;
            wsnl();
            Expr value = query();
            entries.add(new Expr.ObjectLiteral.Entry(key, value));
            listSeparator('}', "field");
        }
        pos++;
        return new Expr.ObjectLiteral(entries, start);
    }

    private Expr number() {
        int start = pos;
        while (isDigit(peek())) pos++;
        boolean isFloat = false;
        if (peek() == '.' && isDigit(peekAt(1))) {
            isFloat = true;
            pos++;
            while (isDigit(peek())) pos++;
        }
        String text = s.substring(start, pos);
        if (isFloat) return new Expr.Literal(Double.parseDouble(text), start);
        if (text.length() < 19) return new Expr.Literal(Long.parseLong(text), start);
        BigInteger b = new BigInteger(text);
        return new Expr.Literal(b.bitLength() <= 63 ? (Object) b.longValue() : b, start);
    }

    // ================================================================================================
    // Strings
    // ================================================================================================

    /** {@code "..."} with Go's escapes ({@code \n \t \" \\ \\uXXXX \\xHH ...}); no raw newlines. */
    String quotedString() {
        int start = pos;
        expect('"', "\"");
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (eof() || peek() == '\n') throw new ParseError(start, "required: expected end quote");
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (eof()) throw new ParseError(start, "required: expected end quote");
            int escAt = pos - 1;
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '/' -> sb.append('/');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'x' -> sb.append((char) hex(2, escAt));
                case 'u' -> sb.append((char) hex(4, escAt));
                case 'U' -> sb.appendCodePoint(hex(8, escAt));
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int i = 0; i < 2; i++) {
                            char o = peek();
                            if (o < '0' || o > '7') throw new ParseError(escAt, "invalid octal escape in string");
                            v = v * 8 + (o - '0');
                            pos++;
                        }
                        sb.append((char) v);
                    } else {
                        throw new ParseError(escAt, "invalid escape sequence \\" + e + " in string",
                                "write a backslash as \\\\ or use a triple quoted string \"\"\"...\"\"\" for raw text");
                    }
                }
            }
        }
    }

    private int hex(int digits, int escAt) {
        if (pos + digits > s.length()) throw new ParseError(escAt, "invalid escape sequence in string");
        try {
            int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw new ParseError(escAt, "invalid escape sequence in string");
        }
    }

    /** {@code """raw text"""}: no escapes, may span lines. */
    private String tripleQuoted() {
        int start = pos;
        pos += 3;
        int end = s.indexOf("\"\"\"", pos);
        if (end < 0) throw new ParseError(start, "required: expected end of triple quoted string \"\"\"");
        String text = s.substring(pos, end);
        pos = end + 3;
        return text;
    }

    // ================================================================================================
    // Characters
    // ================================================================================================

    private boolean eof() {
        return pos >= s.length();
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char peekAt(int ahead) {
        int p = pos + ahead;
        return p < s.length() ? s.charAt(p) : '\0';
    }

    private String peekWord() {
        int p = pos;
        while (p < s.length() && isIdentChar(s.charAt(p))) p++;
        return s.substring(pos, p);
    }

    private void expect(char c, String what) {
        if (peek() != c) throw unexpected("expected " + what);
        pos++;
    }

    private ParseError unexpected(String detail) {
        if (eof()) return new ParseError(pos, detail + ", got end of input");
        return new ParseError(pos, detail);
    }

    /** Spaces and tabs. */
    private void spaces() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') pos++;
            else break;
        }
    }

    private void spacesRequired(String what) {
        char c = peek();
        if (c != ' ' && c != '\t') throw unexpected("expected " + what);
        spaces();
    }

    /** Spaces, tabs, newlines and comments. */
    private void wsnl() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
            else if (c == '#') skipComment();
            else break;
        }
    }

    private void skipComment() {
        while (pos < s.length() && s.charAt(pos) != '\n') pos++;
    }

    /** True when {@code word} starts here and is not the beginning of a longer identifier. */
    private boolean keyword(String word) {
        if (!s.startsWith(word, pos)) return false;
        int end = pos + word.length();
        return end >= s.length() || !isIdentChar(s.charAt(end));
    }

    private String identifier() {
        int start = pos;
        while (pos < s.length() && isIdentChar(s.charAt(pos))) pos++;
        if (start == pos) throw unexpected("expected a name");
        return s.substring(start, pos);
    }

    static boolean isIdentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isSnakeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isSnakeCase(String w) {
        for (int i = 0; i < w.length(); i++) if (!isSnakeChar(w.charAt(i))) return false;
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
