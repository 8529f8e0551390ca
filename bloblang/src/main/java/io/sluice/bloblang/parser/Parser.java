package io.sluice.bloblang.parser;

import io.sluice.bloblang.ast.Expr;
import io.sluice.bloblang.ast.ParsedMapping;
import io.sluice.bloblang.ast.Stmt;

import java.io.IOException;
import java.util.ArrayList;
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
 *
 * <p>This class holds the entry points, statements and imports; the grammar below statements lives in
 * the layers it extends (see {@link SourceCursor}).
 */
public final class Parser extends ConditionalParser {
    private final Importer importer;
    /** Statements parsed so far at the top level: once one parsed, the text cannot be the shorthand form. */
    private int statementsParsed;

    private Parser(Source source, Importer importer) {
        super(source);
        this.importer = importer;
    }

    // ================================================================================================
    // Entry points
    // ================================================================================================

    /** Parses a whole mapping: statements, or a single expression as shorthand for {@code root = expr}. */
    public static ParsedMapping parseMapping(Source source, Importer importer) {
        Parser p = new Parser(source, importer);
        ParsedMapping single = p.trySingleRootImport();
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
            return new ParsedMapping(List.of(new Stmt.Assign(new Stmt.RootPath(List.of()), e, start)), List.of());
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
    private ParsedMapping trySingleRootImport() {
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
        return parseImport(path, start);
    }

    /** Reads and parses the mapping in an imported file; its errors are reported at {@code at}. */
    private ParsedMapping parseImport(String path, int at) {
        Source nested = new Source(readImport(path, at));
        Parser p = new Parser(nested, importer.relativeTo(path));
        try {
            return p.program(true);
        } catch (ParseError e) {
            throw ParseError.fatal(at, "failed to parse import '" + path + "': " + nested.render(e.offset(), e.detail(), e.hint()).replace("\n", "\n  "));
        }
    }

    private String readImport(String path, int at) {
        try {
            return importer.read(path);
        } catch (IOException e) {
            throw ParseError.fatal(at, "failed to read import: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private ParsedMapping program(boolean topLevel) {
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
        return new ParsedMapping(statements, List.copyOf(maps.values()));
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
        ParsedMapping imported = parseImport(path, at);
        if (imported.maps().isEmpty()) throw ParseError.fatal(at, "no maps to import from '" + path + "'");
        List<String> collisions = new ArrayList<>();
        for (Stmt.MapDefinition m : imported.maps()) {
            if (maps.containsKey(m.name())) collisions.add(m.name());
            else maps.put(m.name(), new Stmt.MapDefinition(m.name(), m.body(), at));
        }
        if (!collisions.isEmpty()) throw ParseError.fatal(at, "map name collisions from import '" + path + "': " + collisions);
    }

    @Override
    List<Stmt> block(boolean allowMeta, boolean allowDeclarations) {
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
}
