package io.sluice.bloblang.language;

import io.sluice.bloblang.Bloblang;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The language guide, construct by construct: mapping, input, expected output (compact JSON or raw text). */
class LanguageTest {

    static Stream<Arguments> mappings() {
        return Stream.of(
                // assignments
                arguments("root.id = this.thing.id\nroot.type = \"yo\"\ncontent = thing.doc.message",
                        "{\"thing\":{\"id\":\"wat1\",\"doc\":{\"message\":\"hello\"}}}", "{\"content\":\"hello\",\"id\":\"wat1\",\"type\":\"yo\"}"),
                arguments("root = this\nroot.foo = \"added\"", "{\"a\":1}", "{\"a\":1,\"foo\":\"added\"}"),
                arguments("root.\"foo.bar\".baz = this.\"buz bev\".fub", "{\"buz bev\":{\"fub\":\"x\"}}", "{\"foo.bar\":{\"baz\":\"x\"}}"),
                arguments("this.foo", "{\"foo\":{\"a\":1}}", "{\"a\":1}"),
                arguments("root = this.foo", "{\"foo\":\"hello\"}", "hello"),
                arguments("root.a.b.c = 1\nroot.a.d = 2", "{}", "{\"a\":{\"b\":{\"c\":1},\"d\":2}}"),
                arguments("root = this\nroot.bar = deleted()", "{\"bar\":1,\"baz\":2}", "{\"baz\":2}"),
                arguments("root.items.0 = \"x\"", "{}", "{\"items\":{\"0\":\"x\"}}"),
                arguments("root = [1,2]\nroot.1 = \"b\"", "{}", "[1,\"b\"]"),
                // reading root
                arguments("root.a = 5\nroot.b = root.a + 1", "{}", "{\"a\":5,\"b\":6}"),
                // variables
                arguments("let x = this.n * 2\nroot.y = $x + 1", "{\"n\":4}", "{\"y\":9}"),
                arguments("let \"my var\" = 3\nroot = $my_var | \"missing\"", "{}", "missing"),
                // literals
                arguments("root = [7, false, \"s\", null, {\"a\": 1.5, \"b\": \"\"\"multi\nline\"\"\"}]", "{}",
                        "[7,false,\"s\",null,{\"a\":1.5,\"b\":\"multi\\nline\"}]"),
                arguments("root = {(this.k): this.v, \"static\": 1}", "{\"k\":\"dyn\",\"v\":2}", "{\"dyn\":2,\"static\":1}"),
                arguments("root = {\"a\": deleted(), \"b\": 1, \"c\": nothing()}", "{}", "{\"b\":1}"),
                arguments("root = [1, deleted(), 2]", "{}", "[1,2]"),
                arguments("root.s = \"tab\\there \\\"q\\\" \\u00e9\"", "{}", "{\"s\":\"tab\\there \\\"q\\\" é\"}"),
                // arithmetic and precedence
                arguments("root = 2 + 3 * 4", "{}", "14"),
                arguments("root = (2 + 3) * 4", "{}", "20"),
                arguments("root = 7 / 2", "{}", "3.5"),
                arguments("root = 7 % 3", "{}", "1"),
                arguments("root = -this.n", "{\"n\":4}", "-4"),
                arguments("root = 1 - 2 - 3", "{}", "-4"),
                arguments("root = \"foo\" + \"bar\"", "{}", "foobar"),
                arguments("root = 0.1 + 0.2", "{}", "0.30000000000000004"),
                arguments("root = this.a > 3 && this.b == \"x\" || false", "{\"a\":5,\"b\":\"x\"}", "true"),
                arguments("root = true || false && false", "{}", "false"),
                arguments("root = 1 == 1.0", "{}", "true"),
                arguments("root = \"a\" < \"b\"", "{}", "true"),
                arguments("root = null == null", "{}", "true"),
                arguments("root = this.missing != null", "{}", "false"),
                arguments("root = !this.b", "{\"b\":false}", "true"),
                arguments("root = 12 ^ 10", "{}", "6"),
                // big numbers keep precision
                arguments("root.id = this.id", "{\"id\":12345678901234567890123}", "{\"id\":12345678901234567890123}"),
                arguments("root.id = this.id + 1", "{\"id\":9223372036854775807}", "{\"id\":9223372036854775808}"),
                arguments("root.id = this.id * 3", "{\"id\":9007199254740993}", "{\"id\":27021597764222979}"),
                arguments("root = 18446744073709551616", "{}", "18446744073709551616"),
                // coalesce and paths
                arguments("root.t = this.thing.(article | comment | this).type", "{\"thing\":{\"comment\":{\"type\":\"bar\"}}}", "{\"t\":\"bar\"}"),
                arguments("root = this.a | this.b | \"c\"", "{\"b\":null}", "c"),
                arguments("root = this.a.uppercase() | \"fallback\"", "{\"a\":5}", "fallback"),
                arguments("root = this.items.1.name", "{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", "b"),
                // if expressions and statements
                arguments("root = if this.n > 5 { \"big\" } else if this.n > 2 { \"mid\" } else { \"small\" }", "{\"n\":3}", "mid"),
                arguments("root.a = 1\nroot.b = if false { 2 }", "{}", "{\"a\":1}"),
                arguments("if this.t == \"x\" {\n  root.a = 1\n  root.b = 2\n} else {\n  root.c = 3\n}", "{\"t\":\"x\"}", "{\"a\":1,\"b\":2}"),
                arguments("if this.t == \"x\" {\n  root.a = 1\n} else if this.t == \"y\" {\n  root.b = 2\n}", "{\"t\":\"y\"}", "{\"b\":2}"),
                arguments("root = if this.maybe { 1 } else { 2 }", "{}", "2"),
                // match
                arguments("root = match this.t { \"a\" => 1, \"b\" => 2, _ => 3 }", "{\"t\":\"b\"}", "2"),
                arguments("root = match { this.n > 10 => \"big\"\n  _ => \"small\" }", "{\"n\":11}", "big"),
                arguments("root = match this.doc {\n  this.type == \"x\" => this.v\n  _ => \"none\"\n}", "{\"doc\":{\"type\":\"x\",\"v\":7}}", "7"),
                arguments("root.x = 1\nroot.y = match this.t { \"zzz\" => 1 }", "{\"t\":\"a\"}", "{\"x\":1}"),
                // lambdas and contexts
                arguments("root = this.items.map_each(ele -> this.without(\"items\").merge(ele))",
                        "{\"id\":\"x\",\"items\":[{\"c\":1},{\"c\":2}]}", "[{\"c\":1,\"id\":\"x\"},{\"c\":2,\"id\":\"x\"}]"),
                arguments("let doc = this.without(\"items\")\nroot = this.items.map_each($doc.merge(this))",
                        "{\"id\":\"x\",\"items\":[{\"c\":1}]}", "[{\"c\":1,\"id\":\"x\"}]"),
                arguments("root = this.nums.map_each(n -> n * this.factor)", "{\"nums\":[1,2],\"factor\":10}", "[10,20]"),
                arguments("root = this.nums.map_each(n -> n.map_each(m -> m + n.length()))", "{\"nums\":[[1],[2,3]]}", "[[2],[4,5]]"),
                arguments("root = this.nums.filter(n -> n > 1).map_each(n -> n * 2)", "{\"nums\":[1,2,3]}", "[4,6]"),
                // named maps
                arguments("map things {\n  root.first = this.one\n}\nroot.a = this.x.apply(\"things\")", "{\"x\":{\"one\":1}}", "{\"a\":{\"first\":1}}"),
                arguments("map rec {\n  root = if this.n > 0 { {\"n\": this.n - 1}.apply(\"rec\") } else { \"done\" }\n}\nroot = this.apply(\"rec\")",
                        "{\"n\":3}", "done"),
                // comments and layout
                arguments("# a comment\nroot.a = 1 # trailing\n\n\nroot.b = [\n  1, # one\n  2,\n]", "{}", "{\"a\":1,\"b\":[1,2]}"),
                arguments("root.a = this.x.\n  uppercase()", "{\"x\":\"y\"}", "{\"a\":\"Y\"}"),
                arguments("root.a = 1\r\nroot.b = 2\r\n", "{}", "{\"a\":1,\"b\":2}"),
                // metadata
                arguments("meta foo = \"bar\"\nroot.m = @foo", "{}", "{\"m\":\"bar\"}"),
                arguments("@foo = \"bar\"\nroot.m = @", "{}", "{\"m\":{\"foo\":\"bar\"}}"),
                arguments("meta = {\"a\": 1}\nroot = @", "{}", "{\"a\":1}"),
                // deletion of the whole message and nothing
                arguments("root = this\nroot = nothing()", "{\"a\":1}", "{\"a\":1}"),
                // bento element access and slices
                arguments("root.a = this.s[0]\nroot.b = this.s[-1]\nroot.c = this.l[1:3]\nroot.d = this.s[::-1]",
                        "{\"s\":\"hello\",\"l\":[1,2,3,4]}", "{\"a\":\"h\",\"b\":\"o\",\"c\":[2,3],\"d\":\"olleh\"}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("mappings")
    void mapsAsDocumented(String mapping, String input, String expected) throws Exception {
        Part out = Bloblang.compile(mapping).map(Batch.of(Part.of(input)), 0);
        assertThat(out).isNotNull();
        assertThat(out.text()).isEqualTo(expected);
    }

    static Stream<Arguments> runtimeErrors() {
        return Stream.of(
                arguments("root = this.a + 1", "{\"a\":\"x\"}", "failed assignment (line 1): cannot add types string (from field `this.a`) and number (from number literal)"),
                arguments("root.a = 1\nroot.b = this.b.uppercase()", "{\"b\":5}", "failed assignment (line 2): expected string value, got number from field `this.b` (5)"),
                arguments("root = this.a.not_null()", "{}", "failed assignment (line 1): field `this.a`: value is null"),
                arguments("root = this.a / 0", "{\"a\":1}", "attempted to divide by zero"),
                arguments("root = this.foo", "not json", "unable to reference message as structured (with 'this.foo'): parse as json"),
                arguments("root = $nope", "{}", "variable 'nope' undefined"),
                arguments("root = \"x\"\nroot.a = 1", "{}", "unable to set target path a as the value of the root was a non-object type (string)"),
                arguments("root = throw(\"custom\")", "{}", "failed assignment (line 1): custom"),
                arguments("if this.n { root = 1 }", "{\"n\":\"s\"}", "resolved to a non-boolean value"),
                arguments("root = this.a > 5", "{}", "hint: `this.a` is null (a missing field?): guard with `this.a != null && ...`"),
                arguments("root = this.foo-bar", "{\"foo-bar\":1}", "quote it: this.\"foo-bar\""),
                arguments("root = !this.n", "{\"n\":1}", "expected bool value, got number from field `this.n` (1)"),
                arguments("let x = 5\nroot = x + 1", "{}", "hint: a bare `x` reads this.x; to read the variable write $x"),
                arguments("root.at = now.ts_unix()", "{}", "to call the function write now()"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("runtimeErrors")
    void failsWithTheOriginalsMessage(String mapping, String input, String message) throws Exception {
        var m = Bloblang.compile(mapping);
        assertThatThrownBy(() -> m.map(Batch.of(Part.of(input)), 0))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("deletions")
    void deletesTheMessage(String mapping, String input) throws Exception {
        assertThat(Bloblang.compile(mapping).map(Batch.of(Part.of(input)), 0)).isNull();
    }

    static Stream<Arguments> deletions() {
        return Stream.of(
                arguments("root = deleted()", "{}"),
                arguments("root = if this.drop { deleted() }", "{\"drop\":true}"),
                arguments("root = this.catch(deleted())", "not json"));
    }

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                arguments("root = this.foo bar", 1, 17, "expected end of statement"),
                arguments("root.a = 1\nroot.b = [1 2]", 2, 13, "missing comma"),
                arguments("root = {\"a\": 1 \"b\": 2}", 1, 16, "missing comma"),
                arguments("root = uppercase(this.a)", 1, 8, "is a method"),
                arguments("root = this.a.uppercas()", 1, 15, "did you mean the method `uppercase`"),
                arguments("root = this.a.now()", 1, 15, "is a function"),
                arguments("root = range(1)", 1, 8, "missing parameter: stop"),
                arguments("root = range(start: 1, stopp: 2)", 1, 8, "unknown parameter stopp, did you mean stop?"),
                arguments("root = \"unterminated", 1, 8, "expected end quote"),
                arguments("if this.a = 1 { root = 1 }", 1, 11, "use == instead of ="),
                arguments("root.user name = 1", 1, 11, "quoted"),
                arguments("root = 1 +", 1, 11, "expected a query"),
                arguments("map foo {\n  meta x = 1\n}", 2, 3, "not allowed"),
                arguments("root = x -> y -> 1", 1, 8, "a lambda cannot directly return another lambda: 'x' and 'y' would name the same context"),
                arguments("root = this -> 1", 1, 8, "context label `this` is not allowed"),
                arguments("this.a\nroot.b = 1", 2, 1, "expected the end of the mapping: it starts with a bare query, short for `root = this.a`, and that form allows no further statements"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parseErrors")
    void parseErrorsPointAtTheProblem(String mapping, int line, int column, String detail) {
        assertThatThrownBy(() -> Bloblang.compile(mapping))
                .isInstanceOfSatisfying(ExpressionParseException.class, e -> {
                    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                    assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
                    assertThat(e.getMessage()).contains(detail).contains("^");
                });
    }
}
