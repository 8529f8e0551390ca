package io.sluice.bloblang.query;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.List;

/**
 * {@code match subject { pattern => value }}. Inside the cases {@code this} is the subject. A literal
 * pattern matches an equal subject; any other pattern is a condition evaluated against the subject. No
 * match yields {@code nothing()}.
 */
public final class MatchQuery implements Query {

    /** One case; {@code literal} is set for literal patterns, {@code condition} otherwise, neither for {@code _}. */
    public record Case(boolean isLiteral, Object literal, Query condition, Query value) {
    }

    private final Query subject;
    private final Case[] cases;

    /** @param subject null to match on {@code this} */
    public MatchQuery(Query subject, List<Case> cases) {
        this.subject = subject;
        this.cases = cases.toArray(Case[]::new);
    }

    @Override
    public Object exec(ExecContext ctx) {
        Object v;
        if (subject == null) v = ctx.hasValue() ? ctx.value() : null;
        else v = subject.exec(ctx);
        ExecContext caseCtx = ctx.withValue(v);
        for (int i = 0; i < cases.length; i++) {
            Case c = cases[i];
            boolean matched;
            if (c.isLiteral) {
                matched = Values.equal(v, c.literal);
            } else if (c.condition == null) {
                matched = true;
            } else {
                Object r;
                try {
                    r = c.condition.exec(caseCtx);
                } catch (QueryException e) {
                    throw e.prefixed("failed to check match case " + i + ": ");
                }
                matched = r instanceof Boolean b && b;
            }
            if (matched) return c.value.exec(caseCtx);
        }
        return Marker.NOTHING;
    }

    @Override
    public String annotation() {
        return "match expression";
    }
}
