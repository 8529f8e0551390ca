package io.sluice.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogEncodersTest {
    private final Logger logger = new LoggerContext().getLogger("sluice.test");

    private LoggingEvent event(String msg, Object... kvs) {
        LoggingEvent e = new LoggingEvent("x", logger, Level.INFO, msg, null, null);
        for (int i = 0; i < kvs.length; i += 2) e.addKeyValuePair(new KeyValuePair((String) kvs[i], kvs[i + 1]));
        return e;
    }

    /** A strict reader of one logfmt line: bare values end at a space, quoted ones take Go-style escapes. */
    static Map<String, String> parseLogfmt(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < line.length()) {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq);
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char n = line.charAt(i++);
                        v.append(switch (n) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> n;
                        });
                    } else {
                        v.append(c);
                    }
                }
                i++;
            } else {
                while (i < line.length() && line.charAt(i) != ' ') v.append(line.charAt(i++));
            }
            out.put(key, v.toString());
            while (i < line.length() && line.charAt(i) == ' ') i++;
        }
        return out;
    }

    @Test
    void logfmtQuotesAndEscapesSoEveryLineReadsBackTheSameFields() {
        LogfmtEncoder enc = new LogfmtEncoder(Map.of("@service", "sluice"), false);
        String line = new String(enc.encode(event("got say \"hi\"", "path", "input", "detail", "a=b c\\d\nnext", "empty", "")),
                StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.strip()).isEqualTo(
                "level=info msg=\"got say \\\"hi\\\"\" path=input detail=\"a=b c\\\\d\\nnext\" empty=\"\" @service=sluice");
        assertThat(parseLogfmt(line.strip())).containsExactly(
                Map.entry("level", "info"), Map.entry("msg", "got say \"hi\""), Map.entry("path", "input"),
                Map.entry("detail", "a=b c\\d\nnext"), Map.entry("empty", ""), Map.entry("@service", "sluice"));
    }

    @Test
    void jsonLinesKeepNumbersAndBooleansTyped() {
        JsonLineEncoder enc = new JsonLineEncoder(Map.of(), false);
        String line = new String(enc.encode(event("done", "received", 5L, "ratio", 0.5, "ok", true, "who", List.of("a"))),
                StandardCharsets.UTF_8);

        assertThat(line.strip()).isEqualTo("{\"level\":\"info\",\"msg\":\"done\",\"ok\":true,\"ratio\":0.5,\"received\":5,\"who\":\"[a]\"}");
    }
}
