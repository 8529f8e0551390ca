package io.sluice.bloblang.parser;

import io.sluice.bloblang.ast.Expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Literals of the Bloblang grammar: arrays, objects, numbers, and the argument lists of calls. Their
 * elements are full queries, which the layer above provides.
 */
abstract class LiteralParser extends SourceCursor {

    LiteralParser(Source source) {
        super(source);
    }

    /** A whole query, operators included (see {@link ExpressionParser#query()}). */
    abstract Expr query();

    /** {@code (a, b)} or {@code (name: a, other: b)}: the arguments of a function or method call. */
    List<Expr.Arg> arguments() {
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

    Expr arrayLiteral() {
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

    Expr objectLiteral() {
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

    Expr number() {
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
}
