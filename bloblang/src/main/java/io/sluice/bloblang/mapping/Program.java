package io.sluice.bloblang.mapping;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.NoContextException;
import io.sluice.bloblang.runtime.QueryException;
import java.util.Map;

/**
 * The executable form of a mapping (or of a named map): statements with the source line each starts
 * on, run in order against one context.
 */
public final class Program {
    private final Statement[] statements;
    private final int[] lines;
    private Map<String, String> hints = Map.of();

    public Program(Statement[] statements, int[] lines) {
        this.statements = statements;
        this.lines = lines;
    }

    /** Suggestions appended to errors that mention a field read (see {@code Compiler.bareNameHints}). */
    public void hints(Map<String, String> h) {
        this.hints = h;
    }

    /** Runs every statement; a failure becomes an {@link AssignmentException} naming the line. */
    public void execute(ExecContext ctx) {
        for (int i = 0; i < statements.length; i++) {
            try {
                statements[i].execute(ctx);
            } catch (AssignmentException e) {
                throw e;
            } catch (QueryException e) {
                throw new AssignmentException(lines[i], withHint(describe(e)), e);
            } catch (RuntimeException e) {
                // A defect in library code must not take the pipeline down: report it as a failed statement.
                throw new AssignmentException(lines[i], "unexpected failure: " + e, e);
            }
        }
    }

    private String withHint(String message) {
        if (hints.isEmpty() || !message.contains("null")) return message;
        for (Map.Entry<String, String> h : hints.entrySet()) {
            if (message.contains(h.getKey()) && !message.contains(h.getValue())) {
                // A specific suggestion replaces the generic one about null values.
                int generic = message.indexOf("; hint: ");
                return (generic >= 0 ? message.substring(0, generic) : message) + "; hint: " + h.getValue();
            }
        }
        return message;
    }

    /** A message not being JSON is explained as such rather than as a missing context. */
    private static String describe(QueryException e) {
        NoContextException nc = e.find(NoContextException.class);
        if (nc != null && nc.parseError() != null) {
            String with = nc.field().isEmpty() ? "'this'" : "'this." + nc.field() + "'";
            return "unable to reference message as structured (with " + with + "): " + nc.parseError();
        }
        return e.getMessage();
    }

    public int size() {
        return statements.length;
    }
}
