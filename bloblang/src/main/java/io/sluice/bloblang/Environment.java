package io.sluice.bloblang;

import io.sluice.bloblang.ast.Expr;
import io.sluice.bloblang.ast.ParsedMapping;
import io.sluice.bloblang.compile.Compiler;
import io.sluice.bloblang.compile.ProgramCompiler;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.parser.Importer;
import io.sluice.bloblang.parser.InterpolationParser;
import io.sluice.bloblang.parser.ParseError;
import io.sluice.bloblang.parser.Parser;
import io.sluice.bloblang.parser.Source;
import io.sluice.bloblang.runtime.Query;
import io.sluice.core.expr.ExpressionParseException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What mappings are compiled against: the function and method {@link Library} and how imports are
 * read. {@link #standard()} is the usual one; build others to add plugins or to sandbox (no imports).
 */
public final class Environment {
    private static final Environment STANDARD = new Environment(Library.standard(), Importer.fileSystem(Path.of("")));

    private final Library library;
    private final Importer importer;

    public Environment(Library library, Importer importer) {
        this.library = library;
        this.importer = importer;
    }

    public static Environment standard() {
        return STANDARD;
    }

    public Library library() {
        return library;
    }

    public Environment withImporter(Importer i) {
        return new Environment(library, i);
    }

    public Environment withLibrary(Library l) {
        return new Environment(l, importer);
    }

    /** Parses and compiles a mapping. */
    public BloblangMapping compile(String mapping) throws ExpressionParseException {
        Source source = new Source(mapping);
        try {
            ParsedMapping parsed = Parser.parseMapping(source, importer);
            ProgramCompiler.Compiled c = ProgramCompiler.compile(parsed, source, library);
            return new BloblangMapping(mapping, c.program(), c.maps(), c.usesMetadata());
        } catch (ParseError e) {
            throw source.toException(e);
        }
    }

    /** Parses and compiles a string with {@code ${! expr }} interpolations. */
    public BloblangInterpolation compileInterpolation(String text) throws ExpressionParseException {
        Source source = new Source(text);
        try {
            Compiler compiler = new Compiler(library, source);
            List<Object> parts = new ArrayList<>();
            for (Object part : InterpolationParser.parse(source)) parts.add(part instanceof Expr e ? compiler.compile(e) : part);
            return new BloblangInterpolation(text, parts);
        } catch (ParseError e) {
            throw source.toException(e);
        }
    }

    /** Compiles a single expression (no statements), e.g. for a {@code check} field. */
    public Query compileQuery(String expression) throws ExpressionParseException {
        Source source = new Source(expression);
        try {
            return new Compiler(library, source).compile(Parser.parseQuery(source));
        } catch (ParseError e) {
            throw source.toException(e);
        }
    }
}
