package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.Bloblang;
import io.sluice.bloblang.BloblangMapping;
import io.sluice.bloblang.lib.Values;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegexMethodsTest {

    // ---- shared helpers for the library module tests ------------------------------------------

    /** Runs {@code mapping} on a message body and returns the resulting body as text. */
    static String run(String mapping, String input) throws Exception {
        BloblangMapping m = Bloblang.compile(mapping);
        Part out = m.map(Batch.of(Part.of(input)), 0);
        return out == null ? "<Message deleted>" : new String(out.bytes(), StandardCharsets.UTF_8);
    }

    /** The value {@code root} gets when the mapping runs on {@code input} (a structured value). */
    static Object eval(String mapping, Object input) throws Exception {
        return Bloblang.compile(mapping).apply(input);
    }

    /** The error message of a mapping that must fail on {@code input}. */
    static String error(String mapping, String input) {
        try {
            String out = run(mapping, input);
            throw new AssertionError("expected the mapping to fail, got " + out);
        } catch (MappingException e) {
            return e.getMessage();
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** Compares as JSON when both sides parse, else as text. */
    static void assertSameDocument(String got, String expected) {
        Object g;
        Object e;
        try {
            g = Structured.parseJson(got);
            e = Structured.parseJson(expected);
        } catch (RuntimeException notJson) {
            assertThat(got).isEqualTo(expected);
            return;
        }
        assertThat(Values.equal(g, e)).as("got %s, expected %s", got, expected).isTrue();
    }

    // ---- regular expressions -------------------------------------------------------------------


    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '§', value = {
            // Go's $ means end of text unless (?m): no match before a trailing newline
            "re_match(\"foo$\")§\"foo\\n\"§false",
            "re_match(\"(?m)foo$\")§\"foo\\nbar\"§true",
            // named groups may contain underscores, unlike Java's
            "re_find_object(\"(?P<first_name>\\\\w+) (?P<last_name>\\\\w+)\")§\"ada lovelace\"§{\"0\":\"ada lovelace\",\"first_name\":\"ada\",\"last_name\":\"lovelace\"}",
            // POSIX classes and a literal [ inside a class
            "re_find_all(\"[[:digit:]]+\")§\"a1b22c333\"§[\"1\",\"22\",\"333\"]",
            "re_find_all(\"[[]\")§\"a[b[\"§[\"[\",\"[\"]",
            // empty matches next to a previous match are dropped, as Go does
            "re_find_all(\"a*\")§\"baaac\"§[\"\",\"aaa\",\"\"]",
            "re_replace_all(\"a*\", \"-\")§\"baaac\"§\"-b-c-\"",
            // replacement expansion: ${name}, $1x is the (missing) group named 1x, $$ is a dollar
            "re_replace_all(\"(?P<word>\\\\w+)\", \"<${word}>\")§\"hi there\"§\"<hi> <there>\"",
            "re_replace_all(\"(\\\\w+)\", \"$1x\")§\"hi\"§\"\"",
            "re_replace_all(\"(\\\\w+)\", \"$$1\")§\"hi\"§\"$1\"",
            "re_find_all_submatch(\"(a)|(b)\")§\"ab\"§[[\"a\",\"a\",\"\"],[\"b\",\"\",\"b\"]]",
            "re_find_object(\"x\")§\"abc\"§{}",
            // unicode text
            "re_find_all(\"\\\\p{Greek}+\")§\"abc αβγ def\"§[\"αβγ\"]",
    })
    void goSemantics(String call, String inputJson, String expectedJson) throws Exception {
        String out = run("root.out = this.v." + call, "{\"v\":" + inputJson + "}");
        assertSameDocument(out, "{\"out\":" + expectedJson + "}");
    }

    @Test
    void badPatternIsACompileError() {
        assertThatThrownBy(() -> Bloblang.compile("root = this.re_match(\"(abc\")"))
                .hasMessageContaining("error parsing regexp");
    }

    @Test
    void nonStringTargetIsATypeError() {
        assertThat(error("root = this.v.re_match(\"a\")", "{\"v\":5}")).contains("expected string value, got number");
    }

    @Test
    void bytesAreMatchedAsText() throws Exception {
        assertThat(eval("root = this.v.bytes().re_replace_all(\"o\", \"0\")", Map.of("v", "foo"))).isEqualTo("f00");
    }
}
