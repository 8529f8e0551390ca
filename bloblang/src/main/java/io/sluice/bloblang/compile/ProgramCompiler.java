package io.sluice.bloblang.compile;

import io.sluice.bloblang.ast.ParsedMapping;
import io.sluice.bloblang.ast.Stmt;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.mapping.Assignment;
import io.sluice.bloblang.mapping.IfStatement;
import io.sluice.bloblang.mapping.NamedMap;
import io.sluice.bloblang.mapping.Program;
import io.sluice.bloblang.mapping.Statement;
import io.sluice.bloblang.mapping.Target;
import io.sluice.bloblang.parser.Source;
import io.sluice.bloblang.runtime.Query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles a parsed mapping: statements into {@link Statement}s, named maps into a lookup table. */
public final class ProgramCompiler {

    /** The result: the main program, the named maps, and what the mapping touches. */
    public record Compiled(Program program, Map<String, Query> maps, boolean usesMetadata) {
    }

    private ProgramCompiler() {
    }

    public static Compiled compile(ParsedMapping parsed, Source source, Library library) {
        Compiler compiler = new Compiler(library, source);
        Set<String> vars = new HashSet<>();
        collectVariables(parsed.statements(), vars);
        for (Stmt.MapDefinition def : parsed.maps()) collectVariables(def.body(), vars);
        compiler.declareVariables(vars);
        Map<String, Query> maps = new LinkedHashMap<>();
        List<NamedMap> named = new ArrayList<>();
        for (Stmt.MapDefinition def : parsed.maps()) {
            NamedMap m = new NamedMap(def.name());
            maps.put(def.name(), m);
            named.add(m);
        }
        for (int i = 0; i < named.size(); i++) {
            named.get(i).define(program(parsed.maps().get(i).body(), compiler, source));
        }
        Program main = program(parsed.statements(), compiler, source);
        main.hints(compiler.bareNameHints());
        for (NamedMap m : named) m.hints(compiler.bareNameHints());
        return new Compiled(main, Collections.unmodifiableMap(maps), compiler.usesMetadata() || assignsMetadata(parsed.statements()));
    }

    private static Program program(List<Stmt> stmts, Compiler compiler, Source source) {
        Statement[] out = new Statement[stmts.size()];
        int[] lines = new int[stmts.size()];
        for (int i = 0; i < stmts.size(); i++) {
            out[i] = statement(stmts.get(i), compiler);
            lines[i] = source.line(stmts.get(i).pos());
        }
        return new Program(out, lines);
    }

    private static List<Statement> statements(List<Stmt> stmts, Compiler compiler) {
        List<Statement> out = new ArrayList<>(stmts.size());
        for (Stmt s : stmts) out.add(statement(s, compiler));
        return out;
    }

    private static Statement statement(Stmt s, Compiler compiler) {
        return switch (s) {
            case Stmt.Assign a -> new Assignment(target(a.target()), compiler.compile(a.value()));
            case Stmt.If i -> {
                List<Query> conditions = new ArrayList<>();
                List<List<Statement>> bodies = new ArrayList<>();
                for (Stmt.If.Branch b : i.branches()) {
                    conditions.add(compiler.compile(b.condition()));
                    bodies.add(statements(b.body(), compiler));
                }
                yield new IfStatement(conditions, bodies, statements(i.otherwise(), compiler));
            }
            case Stmt.MapDefinition m -> throw new IllegalStateException("maps are collected by the parser");
            case Stmt.Import im -> throw new IllegalStateException("imports are resolved by the parser");
        };
    }

    private static Target target(Stmt.Target t) {
        return switch (t) {
            case Stmt.RootPath p -> new Target.RootPath(p.path().toArray(String[]::new));
            case Stmt.MetaKey m -> new Target.MetaKey(m.key());
            case Stmt.VariableName v -> new Target.Variable(v.name());
        };
    }

    private static void collectVariables(List<Stmt> stmts, Set<String> into) {
        for (Stmt s : stmts) {
            if (s instanceof Stmt.Assign a && a.target() instanceof Stmt.VariableName v) into.add(v.name());
            if (s instanceof Stmt.If i) {
                for (Stmt.If.Branch b : i.branches()) collectVariables(b.body(), into);
                collectVariables(i.otherwise(), into);
            }
        }
    }

    private static boolean assignsMetadata(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof Stmt.Assign a && a.target() instanceof Stmt.MetaKey) return true;
            if (s instanceof Stmt.If i) {
                for (Stmt.If.Branch b : i.branches()) if (assignsMetadata(b.body())) return true;
                if (assignsMetadata(i.otherwise())) return true;
            }
        }
        return false;
    }
}
