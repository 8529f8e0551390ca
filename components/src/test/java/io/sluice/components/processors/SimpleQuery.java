package io.sluice.components.processors;

import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

/** A query-only mapping written as a Java lambda, for checks the test expressions cannot spell. */
record SimpleQuery(Query query) implements Mapping {

    @FunctionalInterface
    interface Query {
        Object eval(Batch batch, int index) throws MappingException;
    }

    @Override
    public Part map(Batch batch, int index) {
        throw new UnsupportedOperationException("query only");
    }

    @Override
    public boolean mutate(Batch batch, int index) {
        throw new UnsupportedOperationException("query only");
    }

    @Override
    public Object query(Batch batch, int index) throws MappingException {
        return query.eval(batch, index);
    }
}
