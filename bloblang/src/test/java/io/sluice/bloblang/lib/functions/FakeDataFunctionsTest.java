package io.sluice.bloblang.lib.functions;

import io.sluice.bloblang.Bloblang;
import io.sluice.core.expr.ExpressionParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeDataFunctionsTest {

    private static Object fake(String name) throws Exception {
        return Bloblang.compile("root = fake(\"" + name + "\")").apply(Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
            "email§^[A-Za-z]+@[A-Za-z]+\\.[a-z]+$",
            "ipv4§^\\d{1,3}(\\.\\d{1,3}){3}$",
            "ipv6§^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){7}$",
            "mac_address§^[0-9a-f]{2}(:[0-9a-f]{2}){5}$",
            "uuid_hyphenated§^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
            "uuid_digit§^[0-9a-f]{32}$",
            "date§^\\d{4}-\\d{2}-\\d{2}$",
            "timestamp§^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$",
            "phone_number§^\\d{3}-\\d{3}-\\d{4}$",
            "toll_free_phone_number§^\\(\\d{3}\\) \\d{3}-\\d{4}$",
            "e164_phone_number§^\\+\\d{11,12}$",
            "name§^[A-Z][a-z]+ [A-Z][a-z]+$",
            "jwt§^[\\w-]+\\.[\\w-]+\\.[\\w-]+$",
            "sentence§^[A-Z][a-z ]+\\.$",
            "century§^[IVX]+$",
            "time_period§^(AM|PM)$",
    })
    void generatorsProduceWellFormedText(String name, String pattern) throws Exception {
        Object v = fake(name);
        assertThat(v).isInstanceOf(String.class);
        assertThat((String) v).matches(pattern);
    }

    @Test
    void numbersAreNumbers() throws Exception {
        assertThat(fake("latitude")).isInstanceOfSatisfying(Double.class, d -> assertThat(d).isBetween(-90.0, 90.0));
        assertThat(fake("longitude")).isInstanceOfSatisfying(Double.class, d -> assertThat(d).isBetween(-180.0, 180.0));
        assertThat(fake("unix_time")).isInstanceOf(Long.class);
    }

    @Test
    void creditCardNumbersPassTheLuhnCheck() throws Exception {
        String n = (String) fake("cc_number");
        int sum = 0;
        for (int i = 0; i < n.length(); i++) {
            int d = n.charAt(n.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        assertThat(sum % 10).isZero();
    }

    @Test
    void valuesChangeBetweenMessages() throws Exception {
        var mapping = Bloblang.compile("root = fake(\"uuid_hyphenated\")");
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) seen.add(mapping.apply(Map.of()));
        assertThat(seen).hasSize(5);
    }

    @Test
    void unknownGeneratorIsACompileError() {
        assertThatThrownBy(() -> Bloblang.compile("root = fake(\"nope\")"))
                .isInstanceOf(ExpressionParseException.class)
                .hasMessageContaining("invalid faker function: nope");
        assertThatThrownBy(() -> Bloblang.compile("root = fake()"))
                .hasMessageContaining("invalid faker function: ");
    }
}
