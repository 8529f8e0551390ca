package io.sluice.bloblang.lib.methods;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sluice.bloblang.lib.methods.RegexMethodsTest.assertSameDocument;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class StringMethodsMoreTest {


    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '§', value = {
            "capitalize()§\"hELLO wORLD-wide o'neil\"§\"Hello World-Wide O'neil\"",
            "escape_html()§\"<a href='x'>\\\"&\\\"</a>\"§\"&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;\"",
            "unescape_html()§\"&aacute;&#225;&#xE1;&lt;&amp &unknown;\"§\"ááá<& &unknown;\"",
            "escape_url_query()§\"a b/c?d=é\"§\"a+b%2Fc%3Fd%3D%C3%A9\"",
            "unescape_url_query()§\"a+b%2Fc%3Fd%3D%C3%A9\"§\"a b/c?d=é\"",
            "escape_url_path()§\"a b/c?d=é$&+:=@\"§\"a%20b%2Fc%3Fd=%C3%A9$&+:=@\"",
            "unescape_url_path()§\"a+b%20c\"§\"a+b c\"",
            "filepath_join()§[\"a\", \"\", \"../b\", \"./c/\"]§\"b/c\"",
            "filepath_join()§[\"/a/\", \"..\", \"b\"]§\"/b\"",
            "index_of(\"b\")§\"éb\"§2",
            "index_of(\"z\")§\"abc\"§-1",
            "reverse()§\"héllo😀\"§\"😀olléh\"",
            "quote()§\"tab\\there \\u0001 é \\u00a0\"§\"\\\"tab\\\\there \\\\x01 é \\\\u00a0\\\"\"",
            "unquote()§\"\\\"\\\\u00e9\\\\x41\\\\101\\\\t\\\"\"§\"éAA\\t\"",
            "unquote()§\"`raw\\\\n`\"§\"raw\\\\n\"",
            "replace_all_many([\"a\", \"b\", \"b\", \"c\"])§\"ab\"§\"cc\"",
            "repeat(2)§\"é\"§\"éé\"",
            "slug()§\"  Ærøskøbing & Straße @ home!! \"§\"aeroskobing-and-strasse-at-home\"",
            "slug(\"de\")§\"Über Äpfel\"§\"ueber-aepfel\"",
            "slug()§\"Привет, Щука!\"§\"privet-shchuka\"",
            "compare_argon2(\"$argon2id$v=19$m=4096,t=3,p=1$c2FsdHktbWNzYWx0ZmFjZQ$RMUMwgtS32/mbszd+ke4o4Ej1jFpYiUqY6MHWa69X7Y\")§\"\"§false",
            "strip_html()§\"<p class=\\\"x\\\">a &amp; b<br/>c</p><style>p{}</style><!-- note -->\"§\"a &amp; bc\"",
            "unicode_segments(\"word\")§\"Hi, you.\"§[\"Hi\",\",\",\" \",\"you\",\".\"]",
            "format(5, 1.5, \"x\", true, null, [1,\"a\"], {\"k\":2})§\"%v|%v|%v|%v|%v|%v|%v\"§\"5|1.5|x|true|<nil>|[1 a]|map[k:2]\"",
            "format(42, 3.14159, \"go\", 42, \"go\", 42)§\"%05d|%.2f|%q|%x|%8s|%-4d|\"§\"00042|3.14|\\\"go\\\"|2a|      go|42  |\"",
            "format(1)§\"%s %d\"§\"%!s(int64=1) %!d(MISSING)\"",
            "format(1, 2)§\"%v\"§\"1%!(EXTRA int64=2)\"",
            "format(1234567.0, 0.000012)§\"%v %v\"§\"1.234567e+06 1.2e-05\"",
            "format(2.5, 2.5, 2.5)§\"%e %g %.3g\"§\"2.500000e+00 2.5 2.5\"",
            "has_suffix(\"\")§\"abc\"§true",
            "trim_prefix(\"ab\")§\"abab\"§\"ab\"",
            "trim_suffix(\"x\")§\"abc\"§\"abc\"",
    })
    void results(String call, String input, String expected) throws Exception {
        assertSameDocument(run("root.out = this.v." + call, "{\"v\":" + input + "}"), "{\"out\":" + expected + "}");
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '§', value = {
            "unquote()§\"no quotes\"§invalid syntax",
            "unquote()§\"'ab'\"§invalid syntax",
            "unescape_url_query()§\"100%\"§invalid URL escape \"%\"",
            "unescape_url_path()§\"%zz\"§invalid URL escape \"%zz\"",
            "capitalize()§5§expected string value, got number",
            "filepath_join()§[\"a\", 1]§path element 1: expected string value, got number",
            "replace_all_many([\"a\"])§\"a\"§invalid arg, expected pairs of search and replacement texts (an even count), got: [a]",
            "repeat(-1)§\"a\"§invalid count",
            "unicode_segments(\"line\")§\"a\"§invalid segmentation type: line",
            "compare_bcrypt(\"$2y$10$short\")§\"a\"§crypto/bcrypt: hashedSecret too short to be a bcrypted password",
            "compare_argon2(\"$argon2d$v=19$m=1,t=1,p=1$AA$AA\")§\"a\"§invalid argon2 hash: unrecognised argon2 format",
            "compare_argon2(\"$argon2id$v=19$m=x$AA$AA\")§\"a\"§invalid argon2 hash: failed to parse parameters",
    })
    void errors(String call, String input, String message) {
        assertThat(error("root.out = this.v." + call, "{\"v\":" + input + "}")).contains(message);
    }

    @Test
    void stripHtmlKeepsOnlyTheNamedElementsWithoutAttributes() {
        assertThat(Html.strip("<b onclick=\"x()\">bold</b> <i>it</i><br/>", Set.of("b", "br")))
                .isEqualTo("<b>bold</b> it<br/>");
    }

    @Test
    void graphemesKeepCombiningSequencesTogether() {
        assertThat(GoText.segments("e\u0301a🇫🇷", "grapheme")).isEqualTo(List.of("e\u0301", "a", "🇫🇷"));
    }

    @Test
    void bytesStayBytes() throws Exception {
        assertThat(RegexMethodsTest.eval("root = this.v.bytes().trim_prefix(\"a\")", Map.of("v", "abc")))
                .isEqualTo("bc".getBytes(StandardCharsets.UTF_8));
    }
}
