package io.sluice.bloblang.lib.methods;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static io.sluice.bloblang.lib.methods.RegexMethodsTest.assertSameDocument;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class ObjectMethodsMoreTest {


    private static final String STORE = "{\"store\":{\"book\":[{\"category\":\"reference\",\"author\":\"Nigel Rees\",\"price\":8.95},"
            + "{\"category\":\"fiction\",\"author\":\"Evelyn Waugh\",\"price\":12.99,\"isbn\":\"0-553\"},"
            + "{\"category\":\"fiction\",\"author\":\"J. R. R. Tolkien\",\"price\":22.99,\"isbn\":\"0-395\"}],"
            + "\"bicycle\":{\"color\":\"red\",\"price\":19.95}},\"id\":9007199254740993}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "$.store.bicycle.color§\"red\"",
            "$['store']['bicycle']['price']§19.95",
            "$.store.book[-1].author§\"J. R. R. Tolkien\"",
            "$.store.book[*].author§[\"Nigel Rees\",\"Evelyn Waugh\",\"J. R. R. Tolkien\"]",
            "$..price§[19.95,8.95,12.99,22.99]",
            "$.store.book[0,2].price§[8.95,22.99]",
            "$.store.book[1:].category§[\"fiction\",\"fiction\"]",
            "$.store.book[?(@.isbn)].author§[\"Evelyn Waugh\",\"J. R. R. Tolkien\"]",
            "$.store.book[?(@.price < 10 || @.author == 'Evelyn Waugh')].price§[8.95,12.99]",
            "$.store.book[?(@.author =~ '^J')].price§[22.99]",
            "$.store.book[?(@.price > $.store.bicycle.price)].price§[22.99]",
            "$.store.nothing[*]§[]",
            "$.id§9007199254740993",
    })
    void jsonPath(String path, String expected) throws Exception {
        assertSameDocument(run("root.out = this.json_path(\"" + path + "\")", STORE), "{\"out\":" + expected + "}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "this.json_path(\"$.store.nope\")§unknown key nope",
            "this.json_path(\"store\")§expected '$'",
            "this.json_path(\"$.store[\")§",
    })
    void jsonPathErrors(String expr, String message) {
        assertThat(error("root = " + expr, STORE)).contains(message == null ? "" : message);
    }

    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"id\",\"name\"],\"additionalProperties\":false,"
            + "\"properties\":{\"id\":{\"type\":\"integer\",\"minimum\":1},\"name\":{\"type\":\"string\",\"minLength\":2,\"pattern\":\"^[a-z]+$\"},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",\"b\"]},\"uniqueItems\":true},\"ref\":{\"$ref\":\"#/definitions/pos\"}},"
            + "\"definitions\":{\"pos\":{\"type\":\"number\",\"exclusiveMinimum\":0}}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "{\"id\":5,\"name\":\"ok\",\"tags\":[\"a\"],\"ref\":1.5}§",
            "{\"id\":5.0,\"name\":\"ok\"}§",
            "{\"name\":\"ok\"}§(root) id is required",
            "{\"id\":0,\"name\":\"ok\"}§id must be greater than or equal to 1",
            "{\"id\":1.5,\"name\":\"ok\"}§id invalid type. expected: integer, given: number",
            "{\"id\":1,\"name\":\"Ab\"}§name does not match pattern '^[a-z]+$'",
            "{\"id\":1,\"name\":\"a\"}§name string length must be greater than or equal to 2",
            // the original prefixes the property name to the lower-cased description, even where it was not a prefix
            "{\"id\":1,\"name\":\"ab\",\"x\":1}§(root) xadditional property x is not allowed",
            "{\"id\":1,\"name\":\"ab\",\"tags\":[\"a\",\"c\"]}§tags.1 tags.1 must be one of the following: \"a\", \"b\"",
            "{\"id\":1,\"name\":\"ab\",\"tags\":[\"a\",\"a\"]}§tags array items[0,1] must be unique",
            "{\"id\":1,\"name\":\"ab\",\"ref\":0}§ref must be greater than 0",
    })
    void jsonSchema(String doc, String message) throws Exception {
        String mapping = "root = this.json_schema(\"\"\"" + SCHEMA + "\"\"\")";
        if (message == null) {
            assertSameDocument(run(mapping, doc), doc);
        } else {
            assertThat(error(mapping, doc)).contains(message);
        }
    }

    @Test
    void badSchemaIsACompileError() {
        assertThat(error("root = this.json_schema(\"{nope\")", "{}")).contains("failed to parse json schema definition");
    }
}
