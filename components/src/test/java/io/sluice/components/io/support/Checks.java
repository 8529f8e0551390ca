package io.sluice.components.io.support;

import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.function.Predicate;

/** Hand-written checks, for testing routing without depending on the mapping language. */
public final class Checks {
    private Checks() {
    }

    public static Mapping when(Predicate<Part> predicate) {
        return new Mapping() {
            @Override
            public Part map(Batch batch, int index) {
                return batch.get(index);
            }

            @Override
            public boolean mutate(Batch batch, int index) {
                return true;
            }

            @Override
            public Object query(Batch batch, int index) {
                return predicate.test(batch.get(index));
            }
        };
    }

    public static Mapping textIs(String text) {
        return when(p -> p.text().equals(text));
    }

    public static Mapping failing(String message) {
        return new Mapping() {
            @Override
            public Part map(Batch batch, int index) throws MappingException {
                throw new MappingException(message);
            }

            @Override
            public boolean mutate(Batch batch, int index) throws MappingException {
                throw new MappingException(message);
            }

            @Override
            public Object query(Batch batch, int index) throws MappingException {
                throw new MappingException(message);
            }
        };
    }
}
