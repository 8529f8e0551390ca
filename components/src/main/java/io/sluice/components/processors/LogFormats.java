package io.sluice.components.processors;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of the log line formats {@code parse_log} knows. Each returns the fields it read; a line it cannot
 * read fails with {@link Partial}, which carries what was read before the fault (for best-effort parsing).
 * Written here rather than taken from a library: no maintained Java library covers both syslog RFCs and
 * the Apache formats with the dialect's field names and timestamp rules.
 */
final class LogFormats {
    private LogFormats() {
    }

    /** A line that broke off; {@code fields} holds what was read up to the fault. */
    static final class Partial extends Exception {
        final Map<String, Object> fields;

        Partial(String message, Map<String, Object> fields) {
            super(message, null, false, false);
            this.fields = fields;
        }
    }

    /** How RFC 3164 timestamps, which have neither year nor zone, are completed. */
    record Rfc3164Options(boolean allowRfc3339, Integer defaultYear, ZoneId zone) {
    }

    static final DateTimeFormatter RFC3339_NANOS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT);

    // ---- RFC 5424 ----

    static Map<String, Object> rfc5424(String line) throws Partial {
        Map<String, Object> out = new LinkedHashMap<>();
        Cursor c = new Cursor(line, out);
        c.priority();
        int version = c.number("version");
        if (version < 1) throw c.fault("version must be 1 or more");
        out.put("version", (long) version);
        c.space();
        String ts = c.token();
        if (!ts.equals("-")) {
            try {
                out.put("timestamp", RFC3339_NANOS.format(OffsetDateTime.parse(ts, RFC3339_NANOS)));
            } catch (DateTimeParseException e) {
                throw c.fault("timestamp '" + ts + "' is not an RFC 3339 time");
            }
        }
        c.space();
        c.nilOr("hostname", c.token());
        c.space();
        c.nilOr("appname", c.token());
        c.space();
        c.nilOr("procid", c.token());
        c.space();
        c.nilOr("msgid", c.token());
        c.space();
        Map<String, Object> sd = c.structuredData();
        if (sd != null) out.put("structureddata", sd);
        if (c.pos < line.length()) {
            if (line.charAt(c.pos) != ' ') throw c.fault("expected a space before the message");
            String msg = line.substring(c.pos + 1);
            if (msg.startsWith("\uFEFF")) msg = msg.substring(1); // the BOM RFC 5424 puts before UTF-8 messages
            if (!msg.isEmpty()) out.put("message", msg);
        }
        return out;
    }

    // ---- RFC 3164 ----

    private static final Pattern BSD_TIME = Pattern.compile("([A-Z][a-z]{2}) ( ?\\d{1,2}) (\\d{2}:\\d{2}:\\d{2}) ");
    private static final DateTimeFormatter BSD_PARSE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("MMM d HH:mm:ss uuuu").toFormatter(Locale.ENGLISH);
    private static final Pattern TAG = Pattern.compile("([^\\s:\\[]{1,48})(?:\\[([^\\]]*)\\])?: ?");

    static Map<String, Object> rfc3164(String line, Rfc3164Options options) throws Partial {
        Map<String, Object> out = new LinkedHashMap<>();
        Cursor c = new Cursor(line, out);
        c.priority();
        String rest = line.substring(c.pos);
        Matcher bsd = BSD_TIME.matcher(rest);
        if (bsd.lookingAt()) {
            int year = options.defaultYear() != null ? options.defaultYear() : ZonedDateTime.now(options.zone()).getYear();
            String text = bsd.group(1) + " " + bsd.group(2).trim() + " " + bsd.group(3) + " " + year;
            try {
                ZonedDateTime t = LocalDateTime.parse(text, BSD_PARSE).atZone(options.zone());
                out.put("timestamp", RFC3339_NANOS.format(t.toOffsetDateTime()));
            } catch (DateTimeParseException e) {
                throw c.fault("timestamp '" + bsd.group().trim() + "' is not a valid date");
            }
            c.pos += bsd.end();
        } else if (options.allowRfc3339()) {
            String ts = c.token();
            try {
                out.put("timestamp", RFC3339_NANOS.format(OffsetDateTime.parse(ts, RFC3339_NANOS)));
            } catch (DateTimeParseException e) {
                throw c.fault("expected a timestamp such as 'Jan  2 15:04:05' or an RFC 3339 time, got '" + ts + "'");
            }
            c.space();
        } else {
            throw c.fault("expected a timestamp such as 'Jan  2 15:04:05'");
        }
        String host = c.token();
        if (host.isEmpty()) throw c.fault("expected a host name");
        out.put("hostname", host);
        if (c.pos < line.length()) c.pos++; // the space after the host
        rest = line.substring(c.pos);
        Matcher tag = TAG.matcher(rest);
        if (tag.lookingAt()) {
            out.put("appname", tag.group(1));
            if (tag.group(2) != null) out.put("procid", tag.group(2));
            rest = rest.substring(tag.end());
        }
        if (!rest.isEmpty()) out.put("message", rest);
        return out;
    }

    // ---- Apache ----

    private static final Pattern APACHE = Pattern.compile(
            "(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+)(?: (\\S+))?\" (\\d{3}) (\\d+|-)(?: \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\")?\\s*");
    private static final DateTimeFormatter APACHE_TIME = DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH);

    static Map<String, Object> apache(String line, boolean combined) throws Partial {
        Map<String, Object> out = new LinkedHashMap<>();
        Matcher m = APACHE.matcher(line);
        if (!m.matches()) throw new Partial("line is not in the Apache " + (combined ? "combined" : "common") + " log format", out);
        if (combined && m.group(10) == null) throw new Partial("line has no referer and user agent, as the combined format has", out);
        out.put("remote_host", m.group(1));
        if (!m.group(2).equals("-")) out.put("ident", m.group(2));
        if (!m.group(3).equals("-")) out.put("user", m.group(3));
        try {
            out.put("timestamp", RFC3339_NANOS.format(OffsetDateTime.parse(m.group(4), APACHE_TIME)));
        } catch (DateTimeParseException e) {
            throw new Partial("timestamp '" + m.group(4) + "' is not in the form 10/Oct/2000:13:55:36 -0700", out);
        }
        out.put("method", m.group(5));
        out.put("path", m.group(6));
        if (m.group(7) != null) out.put("protocol", m.group(7));
        out.put("status", Long.parseLong(m.group(8)));
        out.put("bytes", m.group(9).equals("-") ? 0L : Long.parseLong(m.group(9)));
        if (combined) {
            if (!m.group(10).equals("-")) out.put("referer", m.group(10).replace("\\\"", "\""));
            if (!m.group(11).equals("-")) out.put("user_agent", m.group(11).replace("\\\"", "\""));
        }
        return out;
    }

    /** Reads a syslog line left to right, keeping what it read in {@code out}. */
    private static final class Cursor {
        final String s;
        final Map<String, Object> out;
        int pos;

        Cursor(String s, Map<String, Object> out) {
            this.s = s;
            this.out = out;
        }

        Partial fault(String what) {
            return new Partial(what + " (at character " + (pos + 1) + ")", out);
        }

        void priority() throws Partial {
            if (pos >= s.length() || s.charAt(pos) != '<') throw fault("expected '<' and a priority");
            int close = s.indexOf('>', pos);
            if (close < 0 || close - pos > 4 || close == pos + 1) throw fault("expected a priority of up to three digits in '<>'");
            int pri;
            try {
                pri = Integer.parseInt(s.substring(pos + 1, close));
            } catch (NumberFormatException e) {
                throw fault("priority is not a number");
            }
            if (pri > 191) throw fault("priority must be at most 191");
            out.put("priority", (long) pri);
            out.put("facility", (long) (pri / 8));
            out.put("severity", (long) (pri % 8));
            pos = close + 1;
        }

        int number(String what) throws Partial {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            if (start == pos) throw fault("expected the " + what);
            return Integer.parseInt(s.substring(start, pos));
        }

        void space() throws Partial {
            if (pos >= s.length() || s.charAt(pos) != ' ') throw fault("expected a space");
            pos++;
        }

        String token() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ' ') pos++;
            return s.substring(start, pos);
        }

        void nilOr(String field, String value) throws Partial {
            if (value.isEmpty()) throw fault("expected the " + field);
            if (!value.equals("-")) out.put(field, value);
        }

        Map<String, Object> structuredData() throws Partial {
            if (pos < s.length() && s.charAt(pos) == '-') {
                pos++;
                return null;
            }
            Map<String, Object> sd = new LinkedHashMap<>();
            if (pos >= s.length() || s.charAt(pos) != '[') throw fault("expected '-' or '[' for structured data");
            while (pos < s.length() && s.charAt(pos) == '[') {
                pos++;
                String id = name("SD-ID");
                Map<String, Object> params = new LinkedHashMap<>();
                while (pos < s.length() && s.charAt(pos) == ' ') {
                    pos++;
                    String key = name("parameter name");
                    if (pos + 1 >= s.length() || s.charAt(pos) != '=' || s.charAt(pos + 1) != '"') throw fault("expected '=\"' after " + key);
                    pos += 2;
                    StringBuilder v = new StringBuilder();
                    while (true) {
                        if (pos >= s.length()) throw fault("parameter value is not closed");
                        char ch = s.charAt(pos++);
                        if (ch == '"') break;
                        if (ch == '\\' && pos < s.length() && "\"\\]".indexOf(s.charAt(pos)) >= 0) ch = s.charAt(pos++);
                        v.append(ch);
                    }
                    params.put(key, v.toString());
                }
                if (pos >= s.length() || s.charAt(pos) != ']') throw fault("expected ']' to close structured data element " + id);
                pos++;
                sd.put(id, params);
                out.put("structureddata", sd);
            }
            return sd;
        }

        private String name(String what) throws Partial {
            int start = pos;
            while (pos < s.length() && " =]\"".indexOf(s.charAt(pos)) < 0) pos++;
            if (start == pos) throw fault("expected a " + what);
            return s.substring(start, pos);
        }
    }
}
