package io.sluice.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One logfmt line per event: {@code level=info msg="stream started" stream=hello path=input}. A value
 * is quoted when it must be (spaces, {@code =}, quotes, control characters, or empty), and quotes,
 * backslashes and line breaks inside it are escaped, so every line parses back into the same fields.
 */
final class LogfmtEncoder extends EncoderBase<ILoggingEvent> {
    private final Map<String, String> statics;
    private final boolean timestamp;

    LogfmtEncoder(Map<String, String> statics, boolean timestamp) {
        this.statics = statics;
        this.timestamp = timestamp;
    }

    @Override
    public byte[] headerBytes() {
        return new byte[0];
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
        StringBuilder line = new StringBuilder(128);
        if (timestamp) field(line, "time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
        field(line, "level", e.getLevel().toString().toLowerCase());
        field(line, "msg", e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair kv : e.getKeyValuePairs()) field(line, kv.key, String.valueOf(kv.value));
        }
        if (e.getThrowableProxy() != null) field(line, "error", e.getThrowableProxy().getMessage());
        statics.forEach((k, v) -> field(line, k, v));
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return new byte[0];
    }

    private static void field(StringBuilder line, String key, String value) {
        if (!line.isEmpty()) line.append(' ');
        line.append(key).append('=');
        appendValue(line, value == null ? "" : value);
    }

    /** Appends {@code value}, quoted and escaped only when a bare value would not read back the same. */
    static void appendValue(StringBuilder out, String value) {
        boolean quote = value.isEmpty();
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f;
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
