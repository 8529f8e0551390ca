package io.sluice.connectors.schema;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro data to and from plain JSON values ("raw" JSON): unions without their type wrapper, bytes and fixed as
 * text (each byte one character, as the dialect writes them). Avro's own JSON encoding, the default, wraps
 * union values in an object naming their branch; the library handles that one.
 */
final class AvroJson {
    private AvroJson() {
    }

    static Object toPlain(Object datum, Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericRecord r = (GenericRecord) datum;
                Map<String, Object> out = new LinkedHashMap<>();
                for (Schema.Field f : schema.getFields()) out.put(f.name(), toPlain(r.get(f.pos()), f.schema()));
                yield out;
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Object item : (Collection<?>) datum) out.add(toPlain(item, schema.getElementType()));
                yield out;
            }
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) out.put(e.getKey().toString(), toPlain(e.getValue(), schema.getValueType()));
                yield out;
            }
            case UNION -> toPlain(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case ENUM, STRING -> datum.toString();
            case BYTES -> {
                ByteBuffer b = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
            case FIXED -> new String(((GenericFixed) datum).bytes(), StandardCharsets.ISO_8859_1);
            case INT, LONG -> ((Number) datum).longValue();
            case FLOAT, DOUBLE -> ((Number) datum).doubleValue();
            case BOOLEAN -> datum;
            case NULL -> null;
        };
    }

    static Object fromPlain(Object value, Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                if (!(value instanceof Map<?, ?> map)) throw mismatch(value, schema);
                GenericData.Record r = new GenericData.Record(schema);
                for (Schema.Field f : schema.getFields()) {
                    Object v = map.containsKey(f.name()) ? map.get(f.name()) : f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null;
                    r.put(f.pos(), map.containsKey(f.name()) ? fromPlain(v, f.schema()) : v);
                }
                yield r;
            }
            case ARRAY -> {
                if (!(value instanceof List<?> list)) throw mismatch(value, schema);
                List<Object> out = new ArrayList<>();
                for (Object item : list) out.add(fromPlain(item, schema.getElementType()));
                yield new GenericData.Array<>(schema, out);
            }
            case MAP -> {
                if (!(value instanceof Map<?, ?> map)) throw mismatch(value, schema);
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) out.put(e.getKey().toString(), fromPlain(e.getValue(), schema.getValueType()));
                yield out;
            }
            case UNION -> {
                IllegalArgumentException last = null;
                for (Schema branch : schema.getTypes()) {
                    try {
                        yield fromPlain(value, branch);
                    } catch (IllegalArgumentException e) {
                        last = e;
                    }
                }
                throw last != null ? last : mismatch(value, schema);
            }
            case ENUM -> {
                if (!(value instanceof String s) || !schema.hasEnumSymbol(s)) throw mismatch(value, schema);
                GenericEnumSymbol<?> symbol = new GenericData.EnumSymbol(schema, s);
                yield symbol;
            }
            case STRING -> {
                if (!(value instanceof String)) throw mismatch(value, schema);
                yield value;
            }
            case BYTES -> {
                if (!(value instanceof String s)) throw mismatch(value, schema);
                yield ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
            }
            case FIXED -> {
                if (!(value instanceof String s) || s.length() != schema.getFixedSize()) throw mismatch(value, schema);
                yield new GenericData.Fixed(schema, s.getBytes(StandardCharsets.ISO_8859_1));
            }
            case INT -> {
                if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) throw mismatch(value, schema);
                yield n.intValue();
            }
            case LONG -> {
                if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) throw mismatch(value, schema);
                yield n.longValue();
            }
            case FLOAT -> {
                if (!(value instanceof Number n)) throw mismatch(value, schema);
                yield n.floatValue();
            }
            case DOUBLE -> {
                if (!(value instanceof Number n)) throw mismatch(value, schema);
                yield n.doubleValue();
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) throw mismatch(value, schema);
                yield value;
            }
            case NULL -> {
                if (value != null) throw mismatch(value, schema);
                yield null;
            }
        };
    }

    private static IllegalArgumentException mismatch(Object value, Schema schema) {
        return new IllegalArgumentException("value " + value + " does not fit Avro type " + schema.getType().getName()
                + (schema.getName() == null ? "" : " " + schema.getName()));
    }
}
