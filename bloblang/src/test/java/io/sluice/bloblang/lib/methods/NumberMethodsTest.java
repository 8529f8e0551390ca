package io.sluice.bloblang.lib.methods;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static io.sluice.bloblang.lib.methods.RegexMethodsTest.assertSameDocument;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.error;
import static io.sluice.bloblang.lib.methods.RegexMethodsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class NumberMethodsTest {


    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '§', value = {
            "round()§2.5§3",
            "round()§-2.5§-3",
            "round()§0.49999999999999994§0",
            "ceil()§-0.5§0",
            "floor()§1e300§1e300",
            // integers pass through unchanged, also beyond 2^53
            "round()§9007199254740993§9007199254740993",
            "abs()§-9223372036854775808§9223372036854775807",
            "abs()§-1.5§1.5",
            "max()§[1, 9007199254740993, 2.5]§9007199254740993",
            "min()§[-1.5, 3]§-1.5",
            "bitwise_and(255)§-1§255",
            "bitwise_xor(1)§2.9§3",
            "int8()§\"-128\"§-128",
            "uint64()§\"18446744073709551615\"§18446744073709551615",
            "uint64()§18446744073709551615§18446744073709551615",
            "int64()§\"0b101\"§5",
            "float64()§\"1e3\"§1000",
            "pow(0.5)§16§4",
            "log10()§0.001§-3",
    })
    void results(String call, String input, String expected) throws Exception {
        assertSameDocument(run("root.out = this.v." + call, "{\"v\":" + input + "}"), "{\"out\":" + expected + "}");
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '§', value = {
            "int8()§128§value is too large for an 8-bit signed integer",
            "int16()§-40000§value is too small for a 16-bit signed integer",
            "int32()§2147483648§value is too large for a 32-bit signed integer",
            "uint8()§256§value is too large for an 8-bit unsigned integer",
            "uint32()§-1§negative integer value cannot be an unsigned integer",
            "uint16()§1.5§float value has a fractional part and cannot be an unsigned integer; round it first with `.round()`, `.floor()` or `.ceil()`",
            "int64()§1.5§float value has a fractional part and cannot be a signed integer; round it first with `.round()`, `.floor()` or `.ceil()`",
            "int64()§1e19§float value is too large for a 64-bit signed integer",
            "int64()§\"nope\"§strconv.ParseInt: parsing \"nope\": invalid syntax",
            "uint64()§\"-1\"§strconv.ParseUint: parsing \"-1\": invalid syntax",
            "max()§[]§the array was empty",
            "min()§[1,\"a\"]§index 1 of array: expected number value, got string (\"a\")",
            "abs()§\"5\"§expected number or integer value, got string",
            "bitwise_or(1)§\"5\"§expected integer value, got string",
            "ceil()§null§expected number value, got null",
    })
    void errors(String call, String input, String message) {
        assertThat(error("root.out = this.v." + call, "{\"v\":" + input + "}")).contains(message);
    }

    @Test
    void float32KeepsTheShortFloatDigits() throws Exception {
        assertThat(run("root.out = this.v.float32()", "{\"v\":0.1}")).isEqualTo("{\"out\":0.1}");
    }
}
