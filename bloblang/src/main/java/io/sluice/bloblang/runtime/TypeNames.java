package io.sluice.bloblang.runtime;

import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;

/**
 * The Bloblang name of a value's type, as error messages and annotations print it. Here, in the
 * runtime package, so that runtime classes can name types without depending on the library.
 */
public final class TypeNames {
    /** A value that is not plain data and names its own type (markers, timestamps). */
    public interface Named {
        String typeName();
    }

    private TypeNames() {
    }

    public static String of(Object v) {
        if (v == null) return "null";
        if (v instanceof String) return "string";
        if (v instanceof Number) return "number";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Map) return "object";
        if (v instanceof List) return "array";
        if (v instanceof byte[]) return "bytes";
        if (v instanceof Named n) return n.typeName();
        if (v instanceof TemporalAccessor) return "timestamp";
        if (v instanceof Query) return "query expression";
        return "unknown";
    }
}
