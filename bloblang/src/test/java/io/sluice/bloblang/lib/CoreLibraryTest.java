package io.sluice.bloblang.lib;

import io.sluice.bloblang.Bloblang;
import io.sluice.bloblang.BloblangMapping;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The core functions and methods: documented behaviour plus edge cases (nulls, wrong types, unicode,
 * big numbers). An expected value starting with {@code !} is a fragment of the message of the
 * run-time error ({@link MappingException}) the case must raise; every mapping must compile.
 */
class CoreLibraryTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // coercion
                arguments("root = this.v.string()", "{\"v\":{\"b\":1,\"a\":[true,null]}}", "{\"a\":[true,null],\"b\":1}"),
                arguments("root = this.v.string()", "{\"v\":228930314431312345}", "228930314431312345"),
                arguments("root = (10.0 / 4).string()", "{}", "2.5"),
                arguments("root = this.v.number() + 1", "{\"v\":\"41\"}", "42"),
                arguments("root = this.v.number()", "{\"v\":\"12345678901234567890\"}", "12345678901234567890"),
                arguments("root = this.v.number()", "{\"v\":\"1.5e3\"}", "1500"),
                arguments("root = this.v.number(7)", "{\"v\":\"abc\"}", "7"),
                arguments("root = this.v.number()", "{\"v\":\"abc\"}", "!strconv.ParseFloat: parsing \"abc\": invalid syntax"),
                arguments("root = this.v.bool()", "{\"v\":\"T\"}", "true"),
                arguments("root = this.v.bool(false)", "{\"v\":\"nah\"}", "false"),
                arguments("root = [this.a.type(), this.b.type(), this.c.type(), this.d.type(), this.e.type(), this.f.type()]",
                        "{\"a\":1,\"b\":\"s\",\"c\":null,\"d\":[],\"e\":{},\"f\":false}", "[\"number\",\"string\",\"null\",\"array\",\"object\",\"bool\"]"),
                arguments("root = content().type()", "raw", "bytes"),
                arguments("root = this.a.array()", "{\"a\":1}", "[1]"),
                arguments("root = this.a.not_empty()", "{\"a\":\"\"}", "!string value is empty"),
                arguments("root = this.a.not_empty()", "{\"a\":5}", "!expected string, array or object value, got number"),
                // general
                arguments("root = this.a.or(\"d\")", "{\"a\":null}", "d"),
                arguments("root = this.a.uppercase().catch(\"caught: \" + this)", "{\"a\":5}", "caught: expected string value, got number from field `this.a` (5)"),
                arguments("root = this.a.uppercase().catch(e -> e)", "{\"a\":5}", "expected string value, got number from field `this.a` (5)"),
                arguments("root = json(\"a.b\").from(0)", "{\"a\":{\"b\":\"x\"}}", "x"),
                arguments("root = [batch_index(), batch_size()]", "{}", "[0,1]"),
                arguments("root = range(0, 6, 2)", "{}", "[0,2,4]"),
                arguments("root = range(5, 0, -2)", "{}", "[5,3]"), // Go's (stop-start)/step truncates
                arguments("root = range(0, this.n)", "{\"n\":0}", "!with positive step arg start (0) must be < stop (0)"),
                arguments("root = uuid_v4().length()", "{}", "36"),
                arguments("root = nanoid().length()", "{}", "21"),
                arguments("root = nanoid(5, \"a\")", "{}", "aaaaa"),
                arguments("root = ksuid().length()", "{}", "27"),
                arguments("root = ulid().length()", "{}", "26"),
                arguments("root = ulid(\"hex\").length()", "{}", "32"),
                arguments("root = typeid(\"user\").re_match(\"^user_[0-9a-z]{26}$\")", "{}", "true"),
                arguments("root = typeid(this.p)", "{\"p\":\"Bad\"}", "!invalid prefix: must be at most 63 lower case letters"),
                arguments("root = snowflake_id().number() > 0", "{}", "true"),
                arguments("root = this.s.replace(\"a\", \"o\")", "{\"s\":\"banana\"}", "bonono"),
                arguments("root = uuid_v7().slice(14, 15)", "{}", "7"),
                arguments("root = timestamp_unix() > 1700000000", "{}", "true"),
                arguments("root = throw(\"no\")", "{}", "!failed assignment (line 1): no"),
                arguments("root = errored()", "{}", "false"),
                arguments("root = error()", "{}", "null"),
                arguments("root = metadata(\"m\")", "{}", "null"),
                arguments("root = hostname().length() > 0", "{}", "true"),
                // strings
                arguments("root = this.s.uppercase()", "{\"s\":\"straße ünï\"}", "STRASSE ÜNÏ"),
                arguments("root = this.s.lowercase()", "{\"s\":\"ÀB\"}", "àb"),
                arguments("root = this.s.split(\"\")", "{\"s\":\"a😀b\"}", "[\"a\",\"😀\",\"b\"]"),
                arguments("root = this.s.split(\",\")", "{\"s\":\"a,,b,\"}", "[\"a\",\"\",\"b\",\"\"]"),
                arguments("root = this.a.join(\"-\")", "{\"a\":[\"x\",\"y\"]}", "x-y"),
                arguments("root = this.a.join(\"-\")", "{\"a\":[\"x\",1]}", "!failed to join element 1: expected string value, got number"),
                arguments("root = this.s.trim()", "{\"s\":\"\\t hi \\n\"}", "hi"),
                arguments("root = this.s.trim(\"xy\")", "{\"s\":\"xyhixy\"}", "hi"),
                arguments("root = this.s.replace_all(\"a\", \"bb\")", "{\"s\":\"banana\"}", "bbbnbbnbb"),
                arguments("root = this.s.has_prefix(\"ba\")", "{\"s\":\"banana\"}", "true"),
                arguments("root = this.s.contains(\"nan\")", "{\"s\":\"banana\"}", "true"),
                arguments("root = this.s.length()", "{\"s\":\"héllo\"}", "6"),
                arguments("root = this.s.uppercase()", "{\"s\":null}", "!expected string value, got null from field `this.s`"),
                // structures
                arguments("root = this.a.map_each(x -> x + 1)", "{\"a\":[1,2]}", "[2,3]"),
                arguments("root = this.o.map_each(kv -> kv.value * 2)", "{\"o\":{\"a\":1}}", "{\"a\":2}"),
                arguments("root = this.a.map_each(x -> x.uppercase())", "{\"a\":[\"a\",1]}", "!failed to process element 1: expected string value, got number"),
                arguments("root = this.a.filter(x -> x > 1)", "{\"a\":[1,2,3]}", "[2,3]"),
                arguments("root = this.a.fold(0, t -> t.tally + t.value)", "{\"a\":[1,2,3]}", "6"),
                arguments("root = this.a.sum()", "{\"a\":[9223372036854775807,1]}", "9223372036854775808"),
                arguments("root = this.a.sum()", "{\"a\":[1,2.5]}", "3.5"),
                arguments("root = this.a.sum()", "{\"a\":[]}", "0"),
                arguments("root = this.a.sum()", "{\"a\":[1,\"2\"]}", "!expected number value, got string"),
                arguments("root = this.o.keys()", "{\"o\":{\"b\":1,\"a\":2}}", "[\"a\",\"b\"]"),
                arguments("root = this.o.values()", "{\"o\":{\"b\":1,\"a\":2}}", "[2,1]"),
                arguments("root = this.a.length()", "{\"a\":[1,2,3]}", "3"),
                arguments("root = this.a.index(-1)", "{\"a\":[1,2,3]}", "3"),
                arguments("root = this.a.index(5)", "{\"a\":[1]}", "!out of bounds"),
                arguments("root = this.a.sort()", "{\"a\":[3,1.5,2]}", "[1.5,2,3]"),
                arguments("root = this.a.sort()", "{\"a\":[\"b\",1]}", "!expected all elements to be of the same type"),
                arguments("root = this.a.sort_by(x -> x.k)", "{\"a\":[{\"k\":2},{\"k\":1}]}", "[{\"k\":1},{\"k\":2}]"),
                arguments("root = this.a.slice(1)", "{\"a\":[1,2,3]}", "[2,3]"),
                arguments("root = this.a.append(4, [5])", "{\"a\":[1]}", "[1,4,[5]]"),
                arguments("root = this.a.merge(this.b)", "{\"a\":{\"x\":{\"y\":1}},\"b\":{\"x\":{\"z\":2}}}", "{\"x\":{\"y\":1,\"z\":2}}"),
                arguments("root = this.without(\"a.b\", \"c\")", "{\"a\":{\"b\":1,\"d\":2},\"c\":3}", "{\"a\":{\"d\":2}}"),
                arguments("root = this.exists(\"a.b\")", "{\"a\":{\"b\":null}}", "true"),
                arguments("root = this.a.contains(2)", "{\"a\":[1,2.0]}", "true"),
                arguments("root = this.apply(\"nope\")", "{}", "!map nope was not found"),
                // encoding and parsing
                arguments("root = this.s.encode(\"base64\")", "{\"s\":\"héllo\"}", "aMOpbGxv"),
                arguments("root = this.s.decode(\"base64\").string()", "{\"s\":\"aMOpbGxv\"}", "héllo"),
                arguments("root = this.s.decode(\"hex\")", "{\"s\":\"zz\"}", "!field `this.s`: "),
                arguments("root = this.s.hash(\"sha256\").encode(\"hex\")", "{\"s\":\"abc\"}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                arguments("root = this.s.hash(\"xxhash64\").encode(\"hex\")", "{\"s\":\"hello world\"}", "45ab6734b21e6968"),
                arguments("root = this.s.hash(\"crc32\").encode(\"hex\")", "{\"s\":\"hello world\"}", "0d4a1185"),
                arguments("root = this.s.hash(\"md5\").encode(\"hex\")", "{\"s\":\"\"}", "d41d8cd98f00b204e9800998ecf8427e"),
                arguments("root = this.s.parse_json()", "{\"s\":\"{\\\"id\\\":123456789012345678901}\"}", "{\"id\":123456789012345678901}"),
                arguments("root = this.s.parse_json()", "{\"s\":\"{oops\"}", "!failed to parse value as JSON"),
                arguments("root = this.format_json(no_indent: true).string()", "{\"a\":\"<b>\"}", "{\"a\":\"\\u003cb\\u003e\"}"));
    }

    @ParameterizedTest(name = "[{index}] {0} on {1}")
    @MethodSource("cases")
    void behaves(String mapping, String input, String expected) throws Exception {
        // Every case compiles: an error expected here is a run-time error, so a parse error fails the case.
        BloblangMapping compiled = Bloblang.compile(mapping);
        if (expected.startsWith("!")) {
            String fragment = expected.substring(1);
            assertThat(fragment).as("an expected error names a message fragment").isNotBlank();
            assertThatThrownBy(() -> compiled.map(Batch.of(Part.of(input)), 0))
                    .isInstanceOf(MappingException.class)
                    .hasMessageContaining(fragment);
            return;
        }
        Part out = compiled.map(Batch.of(Part.of(input)), 0);
        assertThat(out).as("the message is kept").isNotNull();
        assertThat(out.text()).isEqualTo(expected);
    }

    @Test
    void constantArgumentsAreCheckedWhenTheMappingCompiles() {
        assertThatThrownBy(() -> Bloblang.compile("root = typeid(\"Bad\")"))
                .isInstanceOf(ExpressionParseException.class)
                .hasMessageContaining("line 1 char 8")
                .hasMessageContaining("invalid prefix");
    }
}
