package io.sluice.connectors.redis;

import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;

/**
 * Stands in for Bloblang in component-level tests while that module is not on the class path: it
 * understands only {@code root = <JSON literal>}, which is all the processor tests need.
 */
final class LiteralMappings implements ExpressionLanguage {
    static final LiteralMappings INSTANCE = new LiteralMappings();

    @Override
    public Mapping parseMapping(String source) throws ExpressionParseException {
        String s = source.trim();
        if (!s.startsWith("root =")) throw new UnsupportedOperationException("test mappings are 'root = <json>' only");
        Object value = Structured.parseJson(s.substring(6).trim().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Mapping() {
            @Override
            public Part map(Batch batch, int index) {
                return Part.ofStructured(Structured.deepCopy(value));
            }

            @Override
            public boolean mutate(Batch batch, int index) {
                batch.get(index).setStructured(Structured.deepCopy(value));
                return true;
            }

            @Override
            public Object query(Batch batch, int index) throws MappingException {
                return Structured.deepCopy(value);
            }
        };
    }

    @Override
    public Interpolation parseInterpolation(String source) {
        return Interpolation.constant(source);
    }
}
