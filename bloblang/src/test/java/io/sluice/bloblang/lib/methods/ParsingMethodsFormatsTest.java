package io.sluice.bloblang.lib.methods;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sluice.bloblang.lib.methods.RegexMethodsTest.assertSameDocument;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class ParsingMethodsFormatsTest {


    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '§', value = {
            "parse_csv()§\"a,b\\r\\n\\\"x,\\\"\\\"y\\\"\\\"\\\",2\\n\\n3,\\\"multi\\nline\\\"\"§[{\"a\":\"x,\\\"y\\\"\",\"b\":\"2\"},{\"a\":\"3\",\"b\":\"multi\\nline\"}]",
            "parse_csv(false)§\"a,\"§[[\"a\",\"\"]]",
            "parse_csv(delimiter: \"→\")§\"a→b\\n1→2\"§[{\"a\":\"1\",\"b\":\"2\"}]",
            "parse_yaml()§\"a: yes\\nb: 0x1F\\nc: 2020-01-01\\nd: [1.5, ~, true]\\ne: 123456789012345678901234567890\"§{\"a\":\"yes\",\"b\":31,\"c\":\"2020-01-01\",\"d\":[1.5,null,true],\"e\":123456789012345678901234567890}",
            "parse_url()§\"https://user:p%40ss@example.com:8080/a%2Fb/c?x=1&y=2#frag%20ment\"§{\"scheme\":\"https\",\"opaque\":\"\",\"host\":\"example.com:8080\",\"path\":\"/a/b/c\",\"raw_path\":\"/a%2Fb/c\",\"raw_query\":\"x=1&y=2\",\"fragment\":\"frag ment\",\"raw_fragment\":\"\",\"user\":{\"name\":\"user\",\"password\":\"p@ss\"}}",
            "parse_url()§\"mailto:someone@example.com\"§{\"scheme\":\"mailto\",\"opaque\":\"someone@example.com\",\"host\":\"\",\"path\":\"\",\"raw_path\":\"\",\"raw_query\":\"\",\"fragment\":\"\",\"raw_fragment\":\"\"}",
            "parse_form_url_encoded()§\"a=1&a=2&b=%C3%A9+x&c\"§{\"a\":[\"1\",\"2\"],\"b\":\"é x\",\"c\":\"\"}",
            "parse_logfmt()§\"a=1 b=\\\"x \\\\\\\"y\\\\\\\"\\\" flag\"§{\"a\":\"1\",\"b\":\"x \\\"y\\\"\",\"flag\":\"\"}",
            "parse_xml()§\"<r a=\\\"1\\\"><i>1</i><i>2</i><!-- c --><e/>text</r>\"§{\"r\":{\"-a\":\"1\",\"i\":[\"1\",\"2\"],\"e\":\"\",\"#text\":\"text\"}}",
            // Go's non-strict XML: unquoted and missing attribute values, bare ampersands
            "parse_xml()§\"<root><number id=99 ok>1 & 2</number><a href='x?a=1&b=2'/></root>\"§{\"root\":{\"number\":{\"-id\":\"99\",\"-ok\":\"ok\",\"#text\":\"1 & 2\"},\"a\":{\"-href\":\"x?a=1&b=2\"}}}",
            "parse_xml(true)§\"<r><n>1.5</n><b>f</b><s>nan</s></r>\"§{\"r\":{\"n\":1.5,\"b\":false,\"s\":\"nan\"}}",
            "format_xml(no_indent: true)§{\"a\":{\"-id\":\"x&y\",\"#text\":\"<t>\"},\"b\":[1,2],\"c\":null}§\"<doc><a id=\\\"x&amp;y\\\">&lt;t&gt;</a><b>1</b><b>2</b><c/></doc>\"",
            "format_yaml().string()§{\"a\":[1,{\"b\":\"true\",\"c\":\"x: y\"}],\"d\":\"multi\\nline\",\"e\":{},\"f\":1.5,\"g\":\"\"}§\"a:\\n    - 1\\n    - b: \\\"true\\\"\\n      c: 'x: y'\\nd: |-\\n    multi\\n    line\\ne: {}\\nf: 1.5\\ng: \\\"\\\"\\n\"",
    })
    void results(String call, String input, String expected) throws Exception {
        assertSameDocument(run("root.out = this.v." + call, "{\"v\":" + input + "}"), "{\"out\":" + expected + "}");
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '§', value = {
            "parse_csv()§\"a,b\\n1\"§record on line 2: wrong number of fields",
            "parse_csv()§\"a,b\\nx\\\"y,1\"§bare \" in non-quoted field",
            "parse_csv()§\"\"§zero records were parsed",
            "parse_csv(delimiter: \"ab\")§\"a\"§delimiter value must be exactly one character",
            "parse_yaml()§\"a: [\"§failed to parse value as YAML",
            "parse_xml()§\"<a><b></a>\"§failed to parse value as XML",
            "parse_url()§\":nope\"§missing protocol scheme",
            "parse_form_url_encoded()§\"a=%zz\"§failed to parse value as url-encoded data: invalid URL escape \"%zz\"",
            "parse_form_url_encoded()§\"a=1;b=2\"§invalid semicolon separator in query",
            "decode(\"hex\").parse_msgpack()§\"da\"§failed to parse msgpack: unexpected EOF",
            "format_xml()§[1]§expected object value, got array",
    })
    void errors(String call, String input, String message) {
        assertThat(error("root.out = this.v." + call, "{\"v\":" + input + "}")).contains(message);
    }

    @Test
    void msgpackRoundTripsEveryType() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("int", -5L);
        doc.put("big", new BigInteger("18446744073709551615"));
        doc.put("float", 1.25);
        doc.put("str", "héllo".repeat(20));
        doc.put("bytes", new byte[]{1, 2, 3});
        doc.put("list", List.of(true, false));
        doc.put("null", null);
        Object back = ParsingMethodsMsgpack.decode(ParsingMethodsMsgpack.encode(doc));
        assertThat(back).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) back;
        assertThat(m.get("int")).isEqualTo(-5L);
        assertThat(m.get("big")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(m.get("float")).isEqualTo(1.25);
        assertThat(m.get("str")).isEqualTo("héllo".repeat(20));
        assertThat((byte[]) m.get("bytes")).containsExactly(1, 2, 3);
        assertThat(m.get("list")).isEqualTo(List.of(true, false));
        assertThat(m).containsEntry("null", null);
    }

    @Test
    void msgpackWritesIntegersAtFullWidthAsTheGoLibraryDoes() {
        assertThat(HexFormat.of().formatHex(ParsingMethodsMsgpack.encode(Map.of("a", 1L))))
                .isEqualTo("81a161d30000000000000001");
    }

    @Test
    void msgpackReadsCompactIntegers() {
        assertThat(ParsingMethodsMsgpack.decode(HexFormat.of().parseHex("93 01 ff cd0100".replace(" ", ""))))
                .isEqualTo(List.of(1L, -1L, 256L));
    }
}
