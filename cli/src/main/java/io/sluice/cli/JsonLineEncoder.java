package io.sluice.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import io.sluice.core.message.Structured;
import org.slf4j.event.KeyValuePair;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per log line: level, msg, the component's key/values (numbers and booleans typed), static fields. */
final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private final Map<String, String> statics;
    private final boolean timestamp;

    JsonLineEncoder(Map<String, String> statics, boolean timestamp) {
        this.statics = statics;
        this.timestamp = timestamp;
    }

    @Override
    public byte[] headerBytes() {
        return new byte[0];
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (timestamp) m.put("time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
        m.put("level", e.getLevel().toString().toLowerCase());
        m.put("msg", e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair kv : e.getKeyValuePairs()) m.put(kv.key, typed(kv.value));
        }
        if (e.getThrowableProxy() != null) m.put("error", e.getThrowableProxy().getMessage());
        m.putAll(statics);
        return (Structured.toJson(m) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Numbers and booleans stay numbers and booleans in the JSON; anything else is its text. */
    static Object typed(Object v) {
        if (v == null || v instanceof Boolean || v instanceof String) return v;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Double || v instanceof Float) return ((Number) v).doubleValue();
        if (v instanceof BigInteger || v instanceof BigDecimal) return v;
        return String.valueOf(v);
    }

    @Override
    public byte[] footerBytes() {
        return new byte[0];
    }
}
