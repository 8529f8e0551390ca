package io.sluice.core.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StructuredTest {

    @Test
    void integersBeyondDoublePrecisionSurviveARoundTrip() {
        String json = "{\"huge\":123456789012345678901234567890,\"id\":9007199254740993}";
        Object v = Structured.parseJson(json);
        assertThat(((Map<?, ?>) v).get("id")).isEqualTo(9007199254740993L);
        assertThat(((Map<?, ?>) v).get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(Structured.toJson(v)).isEqualTo(json);
    }

    @Test
    void objectKeysAreSortedLikeTheGoImplementation() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1L);
        m.put("a", List.of(true, "x<y>"));
        assertThat(Structured.toJson(m)).isEqualTo("{\"a\":[true,\"x<y>\"],\"b\":1}");
    }

    @ParameterizedTest
    @CsvSource({"2.0,2", "1.5,1.5", "1e21,1e+21", "0.000001,0.000001", "1.5e-7,1.5e-07", "-3.25,-3.25"})
    void floatsAreFormattedLikeGo(double d, String text) {
        assertThat(Structured.formatDouble(d)).isEqualTo(text);
    }

    @Test
    void textFormPrintsStringsRawAndScalarsUnquoted() {
        assertThat(Structured.toText("a\"b")).isEqualTo("a\"b");
        assertThat(Structured.toText(5L)).isEqualTo("5");
        assertThat(Structured.toText(Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
        assertThat(Structured.toText(Instant.parse("2026-11-24T10:00:00Z"))).isEqualTo("2026-11-24T10:00:00Z");
    }

    @Test
    void invalidJsonSaysWhy() {
        assertThatThrownBy(() -> Structured.parseJson("{\"a\":")).isInstanceOf(MessageParseException.class)
                .hasMessageStartingWith("failed to parse message as JSON");
        assertThatThrownBy(() -> Structured.parseJson("{} {}")).hasMessageContaining("unexpected data after the document");
    }

    @Test
    @SuppressWarnings("unchecked")
    void partsParseLazilyAndSerialiseOnlyWhenAsked() {
        Part p = Part.of("{\"a\":1}");
        assertThat(p.hasStructured()).isFalse();
        assertThat(p.structured()).isEqualTo(Map.of("a", 1L));
        assertThat(p.hasStructured()).isTrue();
        ((Map<String, Object>) p.structuredMut()).put("b", 2L);
        assertThat(p.text()).isEqualTo("{\"a\":1,\"b\":2}");
        Part copy = p.copy();
        ((Map<String, Object>) copy.structured()).put("c", 3L);
        assertThat(p.text()).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(copy.context()).isSameAs(p.context());
    }

    @Test
    void aMessageNestedDeeperThanTheLimitFailsToParseWithAMessage() {
        byte[] deep = ("[".repeat(200_000) + "]".repeat(200_000)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Structured.parseJson(deep))
                .isInstanceOf(MessageParseException.class)
                .hasMessageContaining("nesting depth (1001) exceeds the maximum allowed (1000");
        byte[] fine = ("[".repeat(900) + "]".repeat(900)).getBytes(StandardCharsets.UTF_8);
        assertThat(Structured.parseJson(fine)).isInstanceOf(List.class);
    }
}
