package io.sluice.components.processors;

import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParseLogProcessorTest {
    private final Harness h = new Harness();

    private String parse(String yaml, String line) throws Exception {
        List<Batch> out = run(h.processor(yaml), Batch.of(Part.of(line)));
        assertThat(errors(out)).containsExactly((String) null);
        return flatTexts(out).get(0);
    }

    @Test
    void rfc5424WithStructuredDataAndFractionalTime() throws Exception {
        String line = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][meta q=\"a \\\"b\\\" \\]\"] An application event";
        assertThat(parse("parse_log:\n  format: syslog_rfc5424", line)).isEqualTo("{\"appname\":\"evntslog\",\"facility\":20,"
                + "\"hostname\":\"mymachine.example.com\",\"message\":\"An application event\",\"msgid\":\"ID47\",\"priority\":165,\"severity\":5,"
                + "\"structureddata\":{\"exampleSDID@32473\":{\"eventID\":\"1011\",\"eventSource\":\"Application\",\"iut\":\"3\"},"
                + "\"meta\":{\"q\":\"a \\\"b\\\" ]\"}},\"timestamp\":\"2003-10-11T22:14:15.003Z\",\"version\":1}");
    }

    @Test
    void rfc5424KeepsTheOffsetOfTheTimestamp() throws Exception {
        assertThat(parse("parse_log:\n  format: syslog_rfc5424", "<34>1 2024-02-29T08:00:00-05:00 host app 99 - - hi"))
                .contains("\"timestamp\":\"2024-02-29T08:00:00-05:00\"").contains("\"procid\":\"99\"").doesNotContain("msgid");
    }

    @Test
    void rfc3164TakesItsYearAndZoneFromTheSettings() throws Exception {
        String yaml = """
                parse_log:
                  format: syslog_rfc3164
                  default_year: "2021"
                  default_timezone: Europe/Paris
                """;
        assertThat(parse(yaml, "<34>Oct  1 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8"))
                .isEqualTo("{\"appname\":\"su\",\"facility\":4,\"hostname\":\"mymachine\",\"message\":\"'su root' failed for lonvick on /dev/pts/8\","
                        + "\"priority\":34,\"procid\":\"230\",\"severity\":2,\"timestamp\":\"2021-10-01T22:14:15+02:00\"}");
    }

    @Test
    void rfc3164DefaultsToTheCurrentYearInUtcAndAcceptsRfc3339() throws Exception {
        int year = Year.now(ZoneOffset.UTC).getValue();
        assertThat(parse("parse_log:\n  format: syslog_rfc3164", "<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!"))
                .contains("\"timestamp\":\"" + year + "-02-05T17:32:18Z\"").contains("\"hostname\":\"10.0.0.99\"");
        assertThat(parse("parse_log:\n  format: syslog_rfc3164", "<13>2020-01-02T03:04:05.5Z web01 nginx: started"))
                .contains("\"timestamp\":\"2020-01-02T03:04:05.5Z\"").contains("\"appname\":\"nginx\"");
    }

    @Test
    void apacheCommonAndCombined() throws Exception {
        assertThat(parse("parse_log:\n  format: apache_common",
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"))
                .isEqualTo("{\"bytes\":2326,\"method\":\"GET\",\"path\":\"/apache_pb.gif\",\"protocol\":\"HTTP/1.0\",\"remote_host\":\"127.0.0.1\","
                        + "\"status\":200,\"timestamp\":\"2000-10-10T13:55:36-07:00\",\"user\":\"frank\"}");
        assertThat(parse("parse_log:\n  format: apache_combined",
                "10.1.2.3 - - [01/Jan/2024:00:00:01 +0000] \"POST /api HTTP/1.1\" 503 - \"http://example.com/\" \"curl/8.5.0\""))
                .contains("\"bytes\":0,").contains("\"referer\":\"http://example.com/\"").contains("\"status\":503,")
                .contains("\"user_agent\":\"curl/8.5.0\"");
    }

    @Test
    void aBrokenLineIsFlaggedWithWhereAndBestEffortKeepsWhatWasRead() throws Exception {
        String broken = "<34>1 2003-10-11T22:14:15Z host app - - [unclosed a=\"b\"";
        List<Batch> out = run(h.processor("parse_log:\n  format: syslog_rfc5424"), Batch.of(Part.of(broken), Part.of("not syslog")));
        assertThat(errors(out).get(0)).contains("expected ']'").contains("at character");
        assertThat(flatTexts(out).get(0)).startsWith("{\"appname\":\"app\",").contains("\"priority\":34,");
        assertThat(errors(out).get(1)).contains("expected '<'");
        assertThat(flatTexts(out).get(1)).isEqualTo("not syslog");

        List<Batch> strict = run(h.processor("parse_log:\n  format: syslog_rfc5424\n  best_effort: false"), Batch.of(Part.of(broken)));
        assertThat(flatTexts(strict)).containsExactly(broken);
        assertThat(errors(strict).get(0)).isNotNull();
    }

    @Test
    void lintChecksFormatYearAndZone() {
        assertThatThrownBy(() -> h.processor("parse_log:\n  format: nginx")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> h.processor("parse_log:\n  format: syslog_rfc3164\n  default_year: last"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("default_year must be");
        assertThatThrownBy(() -> h.processor("parse_log:\n  format: syslog_rfc3164\n  default_timezone: Mars/Olympus"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown time zone");
    }
}
