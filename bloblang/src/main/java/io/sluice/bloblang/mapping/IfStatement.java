package io.sluice.bloblang.mapping;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.List;

/** {@code if c { statements } else if ... else { ... }} at statement level; conditions must be booleans. */
public record IfStatement(List<Query> conditions, List<List<Statement>> bodies, List<Statement> otherwise) implements Statement {
    @Override
    public void execute(ExecContext ctx) {
        for (int i = 0; i < conditions.size(); i++) {
            Query c = conditions.get(i);
            Object v;
            try {
                v = c.exec(ctx);
            } catch (QueryException e) {
                throw e.prefixed("failed to check if condition " + (i + 1) + ": ");
            }
            if (!(v instanceof Boolean b)) {
                throw new QueryException(c.annotation() + " resolved to a non-boolean value " + Values.toText(v)
                        + " (" + Values.typeName(v) + ")", true);
            }
            if (b) {
                for (Statement s : bodies.get(i)) s.execute(ctx);
                return;
            }
        }
        for (Statement s : otherwise) s.execute(ctx);
    }
}
