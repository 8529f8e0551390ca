package io.sluice.bloblang;

import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.parser.Importer;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Bloblang as the engine's {@link ExpressionLanguage} (registered as a service). */
public final class BloblangLanguage implements ExpressionLanguage {

    @Override
    public Mapping parseMapping(String source) throws ExpressionParseException {
        return Bloblang.compile(source);
    }

    @Override
    public Interpolation parseInterpolation(String source) throws ExpressionParseException {
        return Bloblang.interpolation(source);
    }

    @Override
    public ExpressionLanguage refusing(Map<String, String> functions, String importRefusal) {
        AtomicReference<Environment> restricted = new AtomicReference<>();
        Library library = Library.standard().copy();
        functions.forEach(library::refuseFunction);
        // Mappings compiled from data by the bloblang method get the same restrictions.
        MethodSpec nested = library.method("bloblang").orElseThrow().spec();
        library.removeMethod("bloblang").addValueMethod(nested, NestedMappingMethod.nestedMapping(restricted::get));
        Importer importer = importRefusal == null ? Importer.fileSystem(Path.of("")) : refusingImports(importRefusal);
        restricted.set(new Environment(library, importer));
        return new ExpressionLanguage() {
            @Override
            public Mapping parseMapping(String source) throws ExpressionParseException {
                return restricted.get().compile(source);
            }

            @Override
            public Interpolation parseInterpolation(String source) throws ExpressionParseException {
                return restricted.get().compileInterpolation(source);
            }
        };
    }

    private static Importer refusingImports(String reason) {
        return new Importer() {
            @Override
            public String read(String path) throws IOException {
                throw new IOException(reason);
            }

            @Override
            public Importer relativeTo(String path) {
                return this;
            }
        };
    }
}
