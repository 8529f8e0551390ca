package io.sluice.bloblang.query;

import io.sluice.bloblang.lib.Values;

import java.util.List;
import java.util.Map;

/** Go-flavoured descriptions of values for messages that the original formats with {@code %v (%T)}. */
final class Describe {
    private Describe() {
    }

    static String goType(Object v) {
        v = Values.normalize(v);
        if (v == null) return "<nil>";
        if (v instanceof String) return "string";
        if (v instanceof Long) return "int64";
        if (v instanceof Double) return "float64";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Map) return "map[string]interface {}";
        if (v instanceof List) return "[]interface {}";
        if (v instanceof byte[]) return "[]uint8";
        return Values.typeName(v);
    }

    static String goValue(Object v) {
        if (v instanceof Map || v instanceof List) return Values.toJson(v);
        return Values.toText(v);
    }
}
